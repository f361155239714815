import Testing
import BPTTTraining
@testable import BPTTDashboard

/// The built-in corpus's floors are drawn as dashed lines in the loss chart, in display units.
@Suite struct LossFloorTests {
    func render(_ snapshot: TrainingSnapshot) -> CellGrid {
        var grid = CellGrid(width: 80, height: 20)
        LossPanel(snapshot: snapshot, view: Fixtures.view).draw(in: Rect(x: 0, y: 0, width: 80, height: 20), grid: &grid)
        return grid
    }

    /// Rows of the plot holding a dashed run of marker-styled braille: at least 8 separate dashes.
    func dashedRows(_ grid: CellGrid) -> [Int] {
        (0..<grid.height).filter { y in
            var dashes = 0, inDash = false
            for x in 0..<grid.width {
                let cell = grid[x, y]
                let isDash = cell.style == .marker && cell.scalar.value >= 0x2800 && cell.scalar.value <= 0x28FF
                if isDash && !inDash { dashes += 1 }
                inDash = isDash
            }
            return dashes >= 8
        }
    }

    @Test func floorsAreDashedLinesAndInTheLegend() {
        var snapshot = Fixtures.training
        snapshot.lossFloors = LossFloors(withMemory: 0.139, withoutMemory: 0.277)
        let grid = render(snapshot)
        #expect(grid.line(1).contains("floors"))
        let rows = dashedRows(grid)
        #expect(rows.count == 2, "two floors, got rows \(rows)")
        // Lower loss is further down the chart: the with-memory floor is the lower line.
        #expect(rows[0] < rows[1])
    }

    @Test func noFloorsForTextCorpora() {
        let grid = render(Fixtures.training)
        #expect(!grid.line(1).contains("floors"))
        #expect(dashedRows(grid).isEmpty)
    }
}
