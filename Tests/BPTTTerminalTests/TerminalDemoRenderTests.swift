import BPTTDashboard
import Testing
@testable import BPTTTerminal

@Suite struct TerminalDemoRenderTests {
    @Test func boxFillsTheScreenWithAllStatusLines() {
        let grid = TerminalDemo.render(frame: 7, lastKey: "right", width: 40, height: 12, colorMode: .palette256)
        #expect(grid.line(0).hasPrefix("┌─ bptt-lab terminal demo"))
        #expect(grid.line(0).hasSuffix("┐"))
        #expect(grid.line(11) == "└" + String(repeating: "─", count: 38) + "┘")
        #expect(grid.text.contains("frame 7"))
        #expect(grid.text.contains("size 40x12"))
        #expect(grid.text.contains("last key: right"))
        #expect(grid.text.contains("colour: 256 colours"))
        #expect(grid.cells.contains { $0.scalar.value >= 0x2801 && $0.scalar.value <= 0x28FF })   // the wave
    }

    /// From 2x2 up the box's corners frame the screen; below that only the frame number is shown.
    @Test func tinySizesShowTheBoxOrTheFrameNumber() {
        for (w, h) in [(2, 2), (3, 5), (80, 3)] {
            let grid = TerminalDemo.render(frame: 1, lastKey: "none", width: w, height: h, colorMode: .monochrome)
            let corners = [grid[0, 0], grid[w - 1, 0], grid[0, h - 1], grid[w - 1, h - 1]].map(\.scalar)
            #expect(corners == ["┌", "┐", "└", "┘"], "\(w)x\(h)")
        }
        let one = TerminalDemo.render(frame: 7, lastKey: "none", width: 1, height: 1, colorMode: .monochrome)
        #expect(one.text == "7")
        let none = TerminalDemo.render(frame: 7, lastKey: "none", width: 0, height: 0, colorMode: .monochrome)
        #expect(none.cells.isEmpty)
    }
}
