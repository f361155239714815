import Testing
@testable import BPTTTerminal

@Suite struct ColorModeTests {
    private func choose(_ preference: ColorPreference = .auto, noColor: String? = nil, hasColors: Bool = true,
                        colors: Int = 256, pairs: Int = 65536) -> ColorMode {
        ColorMode.choose(preference: preference, noColorEnvironment: noColor, terminalHasColors: hasColors,
                         colors: colors, colorPairs: pairs)
    }

    @Test func autoFollowsTheTerminal() {
        #expect(choose() == .palette256)
        #expect(choose(colors: 8, pairs: 64) == .basic8)
        #expect(choose(hasColors: false, colors: 0, pairs: 0) == .monochrome)
    }

    @Test func noColorCountsOnlyWhenNonEmpty() {
        #expect(choose(noColor: "1") == .monochrome)
        #expect(choose(noColor: "") == .palette256)
        #expect(choose(.always, noColor: "1") == .palette256)
        #expect(choose(.never) == .monochrome)
        #expect(choose(.always, hasColors: false, colors: 0, pairs: 0) == .monochrome)
    }

    @Test func tooFewPairsDegrade() {
        let needed256 = StyleTable.distinctPairCount(mode: .palette256)
        let needed8 = StyleTable.distinctPairCount(mode: .basic8)
        #expect(needed8 < 64)                                  // fits a classic 8-colour terminal
        #expect(choose(pairs: needed256 + 1) == .palette256)
        #expect(choose(pairs: needed256) == (needed8 < needed256 ? .basic8 : .monochrome))
        #expect(choose(pairs: 4) == .monochrome)
    }
}
