import Testing
@testable import BPTTTerminal

@Suite struct GlyphFallbackTests {
    private func ascii(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map(GlyphFallback.ascii)))
    }

    @Test func boxDrawingBecomesLinesAndCorners() {
        #expect(ascii("┌─┐") == "+-+")
        #expect(ascii("│x│") == "|x|")
        #expect(ascii("└┴┘├┼┤") == "++++++")
    }

    @Test func brailleDensityIsKept() {
        #expect(ascii("\u{2800}") == " ")
        #expect(ascii("⠁") == ".")          // one dot
        #expect(ascii("⠇") == ":")          // three dots
        #expect(ascii("⣿") == "#")          // eight dots
    }

    @Test func everythingIsAsciiAndOneColumn() {
        for value in stride(from: 0x80, through: 0x2FFFF, by: 7) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(GlyphFallback.ascii(scalar).isASCII)
        }
        #expect(ascii("loss 1.5 ✓ ≥ …") == "loss 1.5 v > ~")
    }
}
