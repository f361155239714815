import BPTTDashboard
import Testing
@testable import BPTTTerminal

@Suite struct StyleTableTests {
    @Test func everyStyleLooksDifferentInBothColourModes() {
        // The ink ramp (bars) is the heat ramp's colours on the normal background: with 8 colours it
        // shares them with the roles by design, so it is checked against itself and the solid ramp.
        let roles = StyleTable.allStyles.filter { StyleTable.heatInkLevel($0) == nil }
        for mode in [ColorMode.palette256, .basic8] {
            let looks = roles.map { StyleTable.look(for: $0, mode: mode) }
            #expect(Set(looks).count == roles.count, "duplicate looks in \(mode)")
        }
        let ink = (0..<StyleID.heatLevels).map { StyleTable.look(for: .heatInk($0), mode: .palette256) }
        #expect(Set(ink).count == StyleID.heatLevels)
        for (level, look) in ink.enumerated() {
            #expect(look.background == -1, "bars keep the normal background")
            #expect(look.foreground == StyleTable.look(for: .heat(level), mode: .palette256).background)
        }
    }

    @Test func dataSeriesColoursAreFarApartIn256Colours() {
        // Lines that are compared with each other on one chart must not be near-identical hues.
        let series: [StyleID] = [.trainLoss, .validLoss, .reference, .marker, .naive, .optimized]
        for (i, a) in series.enumerated() {
            for b in series[(i + 1)...] {
                let d = Xterm256.distance(StyleTable.look(for: a, mode: .palette256).foreground,
                                          StyleTable.look(for: b, mode: .palette256).foreground)
                #expect(d > 80, "\(a) and \(b) are too close: \(d)")
            }
        }
    }

    @Test func heatRampIsSolidDistinctAndWarmsUp() {
        let ramp = (0..<StyleID.heatLevels).map { StyleTable.look(for: .heat($0), mode: .palette256) }
        for look in ramp { #expect(look.foreground == look.background) }          // solid whatever the glyph
        for (a, b) in zip(ramp, ramp.dropFirst()) {
            #expect(Xterm256.distance(a.background, b.background) > 40)
        }
        // Cold end blue-dominant, hot end red-dominant.
        let cold = Xterm256.rgb(ramp.first!.background), hot = Xterm256.rgb(ramp.last!.background)
        #expect(cold.b > cold.r && hot.r > hot.b)
        // Out-of-range levels clamp to the ends of the ramp.
        #expect(StyleTable.look(for: .heat(-3), mode: .palette256) == ramp.first)
        #expect(StyleTable.look(for: .heat(99), mode: .palette256) == ramp.last)
    }

    @Test func textStaysReadableInColourModes() {
        for mode in [ColorMode.palette256, .basic8] {
            for style in StyleTable.allStyles where StyleTable.heatLevel(style) == nil {
                let look = StyleTable.look(for: style, mode: mode)
                #expect(look.foreground == -1 || look.foreground != look.background, "\(style) invisible in \(mode)")
            }
        }
    }

    @Test func monochromeUsesAttributesOnlyAndKeepsRolesApart() {
        func attrs(_ s: StyleID) -> TextAttributes { StyleTable.look(for: s, mode: .monochrome).attributes }
        for style in StyleTable.allStyles {
            let look = StyleTable.look(for: style, mode: .monochrome)
            #expect(look.foreground == -1 && look.background == -1, "\(style) uses colour in monochrome")
            // dim combined with bold or reverse renders unpredictably: never mix them.
            #expect(!(look.attributes.contains(.dim) && !look.attributes.isDisjoint(with: [.bold, .reverse])))
        }
        #expect(attrs(.normal) == [])
        #expect(attrs(.focused).contains(.reverse))            // the focused slider must stand out
        #expect(attrs(.statusBar).contains(.reverse))
        #expect(attrs(.focused) != attrs(.statusBar))
        #expect(attrs(.error) != attrs(.warning) && !attrs(.error).isEmpty && !attrs(.warning).isEmpty)
        #expect(attrs(.trainLoss) != attrs(.trainLossRaw))     // smoothed vs raw stays distinguishable
        #expect(attrs(.truncated).contains(.dim))
        // Heat emphasis never decreases from cold to hot.
        let emphasis = (0..<StyleID.heatLevels).map { level -> Int in
            let a = attrs(.heat(level))
            return a.contains(.bold) ? 2 : (a.contains(.dim) ? 0 : 1)
        }
        #expect(emphasis == emphasis.sorted() && emphasis.first == 0 && emphasis.last == 2)
    }

    @Test func unknownStylesRenderAsNormal() {
        for mode in [ColorMode.palette256, .basic8, .monochrome] {
            #expect(StyleTable.look(for: StyleID(rawValue: 200), mode: mode) == StyleTable.look(for: .normal, mode: mode))
        }
    }
}

/// The xterm 256-colour palette as RGB, to judge how far apart two colours look.
enum Xterm256 {
    static func rgb(_ index: Int16) -> (r: Int, g: Int, b: Int) {
        let i = Int(index)
        switch i {
        case 16...231:
            let levels = [0, 95, 135, 175, 215, 255]
            let n = i - 16
            return (levels[n / 36], levels[(n / 6) % 6], levels[n % 6])
        case 232...255:
            let v = 8 + 10 * (i - 232)
            return (v, v, v)
        case 0...15:
            let basic = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
                         (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
                         (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
            return basic[i]
        default:
            return (229, 229, 229)          // the terminal default: assume a light foreground
        }
    }

    static func distance(_ a: Int16, _ b: Int16) -> Double {
        let x = rgb(a), y = rgb(b)
        let dr = Double(x.r - y.r), dg = Double(x.g - y.g), db = Double(x.b - y.b)
        return (dr * dr + dg * dg + db * db).squareRoot()
    }
}
