import Foundation
import Testing
import BPTTDashboard
@testable import BPTTTerminal

/// The SVG picture of a screen: exact colours, braille as dots, box drawing as lines, text escaped;
/// byte-for-byte against a committed golden file (re-recorded with BPTT_RECORD_SNAPSHOTS=1).
@Suite struct SVGScreenTests {
    static func sample() -> CellGrid {
        var grid = CellGrid(width: 14, height: 3)
        grid.put("┌─ a<b & c ─┐", x: 0, y: 0, style: .border)
        grid.put("│", x: 0, y: 1, style: .border)
        grid[1, 1] = Cell("⣿", style: .trainLoss)
        grid[2, 1] = Cell("⠁", style: .validLoss)
        grid[3, 1] = Cell("▄", style: .heatInk(2))
        grid[4, 1] = Cell("█", style: .heat(7))
        grid[5, 1] = Cell("┄", style: .marker)
        grid[6, 1] = Cell("╱", style: .truncated)
        grid.put("bold", x: 7, y: 1, style: .bold)
        grid.put("│", x: 13, y: 1, style: .border)
        grid.put(" status  ", x: 0, y: 2, style: .statusBar)
        grid.put("dim", x: 10, y: 2, style: .dim)
        return grid
    }

    static let goldenPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/small-screen.svg")

    @Test func matchesTheGoldenFile() throws {
        let svg = SVGScreen.render(Self.sample())
        let environment = ProcessInfo.processInfo.environment
        if environment["BPTT_RECORD_SNAPSHOTS"] == "1", (environment["CI"] ?? "").isEmpty {
            try svg.write(to: Self.goldenPath, atomically: true, encoding: .utf8)
            Issue.record("recorded \(Self.goldenPath.path); look at it, then run again without BPTT_RECORD_SNAPSHOTS")
            return
        }
        let golden = try String(contentsOf: Self.goldenPath, encoding: .utf8)
        #expect(svg == golden, "the SVG differs from Golden/small-screen.svg")
    }

    @Test func drawsColoursDotsLinesAndEscapedText() {
        let svg = SVGScreen.render(Self.sample())
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"140\" height=\"60\""))
        #expect(svg.contains(">a&lt;b</text>") && svg.contains(">&amp;</text>"), "text is escaped")
        #expect(!svg.contains("⣿") && !svg.contains("┄") && !svg.contains("─"), "no font-dependent glyphs left as text")
        // Colour 39 (train loss) is #00afff in the xterm palette; the full braille cell is 8 dots.
        let trainPath = svg.components(separatedBy: "\n").first { $0.contains("fill=\"#00afff\"") } ?? ""
        #expect(trainPath.components(separatedBy: "z").count - 1 == 8, "\(trainPath)")
        #expect(svg.contains("fill=\"#ff0000\""), "heat level 7 is xterm 196, pure red")
        #expect(svg.contains("stroke-dasharray"), "┄ is a dashed line")
        #expect(svg.contains("font-weight=\"bold\"") && svg.contains(">bold</text>"))
        #expect(svg.contains("fill=\"#3a3a3a\""), "the status bar's background (xterm 237)")
    }

    @Test func xtermPaletteValues() {
        #expect(XtermColors.rgb(16)?.hex == "#000000")
        #expect(XtermColors.rgb(196)?.hex == "#ff0000")
        #expect(XtermColors.rgb(39)?.hex == "#00afff")
        #expect(XtermColors.rgb(244)?.hex == "#808080")
        #expect(XtermColors.rgb(-1) == nil)
    }
}
