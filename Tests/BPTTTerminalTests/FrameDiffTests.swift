import BPTTDashboard
import Testing
@testable import BPTTTerminal

@Suite struct FrameDiffTests {
    @Test func firstFrameAndSizeChangesRepaintEverything() {
        let grid = CellGrid(width: 4, height: 2)
        #expect(FrameDiff.changedIndices(from: nil, to: grid) == nil)
        #expect(FrameDiff.changedIndices(from: CellGrid(width: 5, height: 2), to: grid) == nil)
        #expect(FrameDiff.changedIndices(from: CellGrid(width: 4, height: 3), to: grid) == nil)
    }

    @Test func identicalFramesRepaintNothing() {
        var grid = CellGrid(width: 10, height: 3)
        grid.put("loss 1.23", x: 0, y: 1)
        #expect(FrameDiff.changedIndices(from: grid, to: grid) == [])
    }

    @Test func onlyChangedCharactersAndStylesAreRepainted() {
        var old = CellGrid(width: 6, height: 2)
        old.put("step 1", x: 0, y: 0)
        var new = old
        new.put("2", x: 5, y: 0)                                   // character change
        new.restyle(x: 1, y: 1, width: 1, style: .focused)         // style change on a blank
        new[5, 1] = Cell("⣿", style: .normal)                      // bottom-right cell
        #expect(FrameDiff.changedIndices(from: old, to: new) == [5, 7, 11])
    }
}
