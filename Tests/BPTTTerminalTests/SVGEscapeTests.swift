import Testing
import BPTTDashboard
@testable import BPTTTerminal

/// Issue 24 (21): text in the SVG picture is XML 1.0 character data whatever the corpus holds.
@Suite struct SVGEscapeTests {
    @Test func forbiddenCodePointsBecomeTheReplacementCharacter() {
        #expect(SVGScreen.escaped("a\u{FFFE}b\u{FFFF}c\u{1}d\u{1F}e") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e")
        #expect(SVGScreen.escaped("tab\there <&> \"q\" \u{FFFD} \u{10FFFF} é") == "tab\there &lt;&amp;&gt; &quot;q&quot; \u{FFFD} \u{10FFFF} é")
    }

    @Test func aGridWithForbiddenCharactersRendersWithoutThem() {
        var grid = CellGrid(width: 6, height: 1)
        grid[0, 0] = Cell("\u{FFFE}", style: .bold)
        grid[1, 0] = Cell("x", style: .bold)
        grid[2, 0] = Cell("\u{FFFF}", style: .bold)
        let svg = SVGScreen.render(grid)
        #expect(!svg.unicodeScalars.contains { $0.value == 0xFFFE || $0.value == 0xFFFF })
        #expect(svg.contains("\u{FFFD}x\u{FFFD}"))
    }
}
