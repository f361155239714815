import Foundation
import Testing
import BPTTTraining
@testable import BPTTDashboard

/// The built-in corpus's floors are drawn as dashed lines in the loss chart, in display units.
@Suite struct LossFloorTests {
    func render(_ snapshot: TrainingSnapshot) -> CellGrid {
        var grid = CellGrid(width: 80, height: 20)
        LossPanel(snapshot: snapshot, run: Fixtures.run, view: Fixtures.view).draw(in: Rect(x: 0, y: 0, width: 80, height: 20), grid: &grid)
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

    /// The default view of the built-in language: the recall against the rest, with the recall's floors
    /// ln K and 0 and the rest's floor, each labelled; 'v' goes back to all predictions.
    @Test func recallViewPlotsRecallAndRestWithTheirFloors() {
        var snapshot = Fixtures.training
        let lnK = log(4.0)
        snapshot.lossFloors = LossFloors(withMemory: 0.077, withoutMemory: 0.154, recallWithoutMemory: lnK, others: 0.0815)
        var view = Fixtures.viewWithRecallDefault
        #expect(view.lossView == .recall)
        func grid() -> CellGrid {
            var grid = CellGrid(width: 80, height: 20)
            LossPanel(snapshot: snapshot, run: Fixtures.run, view: view).draw(in: Rect(x: 0, y: 0, width: 80, height: 20), grid: &grid)
            return grid
        }
        #expect(grid().text.contains("waiting for the first validation"))
        snapshot.recallLoss = (1...40).map { LossPoint(step: $0 * 1000, seconds: Double($0), loss: $0 < 30 ? lnK : 0.05) }
        snapshot.otherLoss = (1...40).map { LossPoint(step: $0 * 1000, seconds: Double($0), loss: 0.09) }
        let recall = grid()
        #expect(recall.line(0).contains("recall vs rest"))
        #expect(recall.line(1).contains("recall 0.07") && recall.line(1).contains("rest 0.13"))
        #expect(recall.text.contains("2.00 no memory") && recall.text.contains("0.00 key known") && recall.text.contains("rest"))
        #expect(!cells(recall) { $0.style == .recallLoss }.isEmpty && !cells(recall) { $0.style == .otherLoss }.isEmpty)
        #expect(cells(recall) { $0.style == .trainLoss }.isEmpty, "the recall view has no train curve")
        var runs = [DashboardRun(snapshot: snapshot)]
        _ = DashboardKeys.handle(.character("v"), view: &view, runs: &runs)
        #expect(view.lossView == .all)
        #expect(!cells(grid()) { $0.style == .trainLoss }.isEmpty)
    }

    func cells(_ grid: CellGrid, _ predicate: (Cell) -> Bool) -> [Cell] {
        (0..<grid.height).flatMap { y in (0..<grid.width).map { grid[$0, y] } }.filter(predicate)
    }
}
