import Testing
import BPTTTraining
@testable import BPTTDashboard

/// The loss chart of two runs: both curves on shared axes in their own colours, the legend naming
/// each run with its difference, and full screens at 80x24 and 120x40 against committed snapshots.
@Suite struct CompareLossChartTests {
    func chart(view: DashboardViewState = DashboardViewState(), focused: Int = 0, width: Int = 60, height: Int = 16) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        CompareLossPanel(runs: CompareFixtures.runs, focused: focused, view: view)
            .draw(in: Rect(x: 0, y: 0, width: width, height: height), grid: &grid)
        return grid
    }

    func count(_ grid: CellGrid, _ style: StyleID) -> Int { grid.cells.filter { $0.style == style }.count }

    @Test func theRecallViewDrawsBothRunsRecallInTheirColoursAndNamesTheDifference() {
        let grid = chart()
        #expect(grid.line(1).contains("A k1=3 2.02") && grid.line(1).contains("B off 0.04"), "\(grid.line(1))")
        #expect(grid.text.contains("2.00 no memory") && grid.text.contains("0.00 key known"))
        #expect(count(grid, .recallLoss) > 10 && count(grid, .compareRun) > 10)
        #expect(count(grid, .otherLoss) == 0, "the rest is left out with two runs")
        // B falls from the top to the bottom of the plot: its curve spans most rows.
        let bRows = Set((0..<grid.height).filter { y in (0..<grid.width).contains { grid[$0, y].style == .compareRun } })
        #expect(bRows.count >= 8, "\(bRows.sorted())")
    }

    @Test func theSharedXAxisCoversTheLongerRun() {
        let grid = chart()
        // A reaches step 2400, B 1400: the axis runs to A's end, so B ends left of the right edge.
        let bColumns = (0..<grid.width).filter { x in (0..<grid.height).contains { grid[x, $0].style == .compareRun } }
        let aColumns = (0..<grid.width).filter { x in (0..<grid.height).contains { grid[x, $0].style == .recallLoss } }
        #expect(bColumns.max()! < aColumns.max()! - 10)
    }

    @Test func theAllViewDrawsEachRunsSmoothedTrainLoss() {
        var view = DashboardViewState()
        view.lossView = .all
        let grid = chart(view: view)
        #expect(count(grid, .trainLoss) > 10 && count(grid, .compareRun) > 10)
        #expect(count(grid, .recallLoss) == 0 && count(grid, .trainLossRaw) == 0 && count(grid, .validLoss) == 0)
        #expect(grid.text.contains("A k1=3") && grid.text.contains("B off"))
    }

    @Test func longDifferencesAreCutSoBothRunsStayInTheLegend() {
        // --compare of two presets names them by their configs: at 80x24 the loss panel is 44 wide.
        var runs = CompareFixtures.runs
        runs[0].difference = "default"
        runs[1].difference = "sentences-full-bptt"
        var grid = CellGrid(width: 44, height: 16)
        CompareLossPanel(runs: runs, focused: 0, view: DashboardViewState()).draw(in: Rect(x: 0, y: 0, width: 44, height: 16), grid: &grid)
        let legend = grid.line(1)
        #expect(legend.contains("━ A defa… 2.02") && legend.contains("━ B sent… 0.04") && legend.contains("floors"), "[\(legend)]")
        #expect(grid.cells.contains { $0 == Cell("━", style: .compareRun) }, "B's legend glyph")
    }

    @Test func twoRunsAt80x24() {
        var view = DashboardViewState()
        view.focusedRun = 1
        let grid = DashboardRenderer.render(runs: CompareFixtures.runs, view: view, width: 80, height: 24)
        #expect(grid.line(0).hasPrefix(" ▶B "))
        #expect(grid.line(0).contains("B 51.3k tok/s") && grid.line(0).contains("A 48.2k tok/s"), "both rates")
        SnapshotAssertions.assertSnapshot(grid, named: "compare-80x24")
    }

    @Test func twoRunsAt120x40() {
        let grid = DashboardRenderer.render(runs: CompareFixtures.runs, view: DashboardViewState(), width: 120, height: 40)
        #expect(grid.text.contains("B off: key in reach"))
        SnapshotAssertions.assertSnapshot(grid, named: "compare-120x40")
    }

    @Test func theCompareMenuAt80x24() {
        var view = DashboardViewState()
        view.compareMenu = CompareMenuState(choices: CompareChange.choices(for: CompareFixtures.runs[0]), selection: 0)
        let grid = DashboardRenderer.render(runs: [CompareFixtures.runs[0]], view: view, width: 80, height: 24)
        SnapshotAssertions.assertSnapshot(grid, named: "compare-menu-80x24")
    }
}
