import Testing
@testable import BPTTDashboard

/// Full screens from the seeded fixture, compared with the committed files in Snapshots/.
@Suite struct SnapshotTests {
    @Test func dashboardAt80x24() {
        let grid = DashboardRenderer.render(snapshot: Fixtures.training, run: Fixtures.run, view: Fixtures.view, width: 80, height: 24)
        SnapshotAssertions.assertSnapshot(grid, named: "dashboard-80x24")
    }

    @Test func dashboardAt120x40() {
        let grid = DashboardRenderer.render(snapshot: Fixtures.training, run: Fixtures.run, view: Fixtures.view, width: 120, height: 40)
        SnapshotAssertions.assertSnapshot(grid, named: "dashboard-120x40")
    }

    @Test func dashboardWithoutColorAt120x40() {
        var view = Fixtures.view
        view.useColor = false
        let grid = DashboardRenderer.render(snapshot: Fixtures.training, run: Fixtures.run, view: view, width: 120, height: 40)
        SnapshotAssertions.assertSnapshot(grid, named: "dashboard-120x40-nocolor")
    }

    @Test func logScaleTimeAxisAndK2FocusAt120x40() {
        var view = Fixtures.view
        view.logScale = true
        view.xAxisByTime = true
        view.focus = .k2
        let grid = DashboardRenderer.render(snapshot: Fixtures.training, run: Fixtures.run, view: view, width: 120, height: 40)
        SnapshotAssertions.assertSnapshot(grid, named: "dashboard-120x40-log-time")
    }

    @Test func startingRunAt80x24() {
        let grid = DashboardRenderer.render(snapshot: Fixtures.starting, view: DashboardViewState(), width: 80, height: 24)
        SnapshotAssertions.assertSnapshot(grid, named: "starting-80x24")
    }

    @Test func helpOverlayAt80x24() {
        var view = Fixtures.view
        view.showHelp = true
        let grid = DashboardRenderer.render(snapshot: Fixtures.training, run: Fixtures.run, view: view, width: 80, height: 24)
        SnapshotAssertions.assertSnapshot(grid, named: "help-80x24")
    }

    @Test func runPickerAt80x24() {
        var view = Fixtures.view
        view.picker = RunPickerState(choices: view.runChoices, selection: 1)
        let grid = DashboardRenderer.render(snapshot: Fixtures.training, run: Fixtures.run, view: view, width: 80, height: 24)
        SnapshotAssertions.assertSnapshot(grid, named: "picker-80x24")
    }
}
