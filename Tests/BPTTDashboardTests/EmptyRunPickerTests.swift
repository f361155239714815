import Testing
@testable import BPTTDashboard

/// Issue 9 (12): with no configs found, the picker says where it looked and how to point it elsewhere.
@Suite struct EmptyRunPickerTests {
    @Test func saysWhereItLookedAndNamesTheVariable() {
        var grid = CellGrid(width: 100, height: 20)
        RunPickerOverlay(picker: RunPickerState(choices: []), folder: nil, searchPath: ["/somewhere/configs", "/else/configs"])
            .draw(in: Rect(x: 0, y: 0, width: 100, height: 20), grid: &grid)
        let text = (0..<20).map { grid.line($0) }.joined(separator: "\n")
        #expect(text.contains("no configs folder found; looked in:"))
        #expect(text.contains("/somewhere/configs") && text.contains("/else/configs"))
        #expect(text.contains("BPTT_LAB_CONFIGS"))
    }
}
