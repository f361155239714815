import BPTTTraining

/// The whole screen as a pure function of a session snapshot and the view state.
public enum DashboardRenderer {
    public static let minimumSize: (width: Int, height: Int) = (80, 24)

    /// Panel titles as drawn in the top borders (the end-to-end test looks for them).
    public static let panelTitles = [LossPanel.title, GradientPanel.title, TimingPanel.title,
                                     TruncationPanel.title, SamplePanel.title]

    public static func render(snapshot: TrainingSnapshot, view: DashboardViewState, width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        let screen = Rect(x: 0, y: 0, width: grid.width, height: grid.height)
        guard grid.width >= minimumSize.width, grid.height >= minimumSize.height else {
            Centered.message(tooSmallMessage(width: grid.width, height: grid.height), in: screen, style: .warning, grid: &grid)
            return grid
        }
        let layout = DashboardLayout(width: grid.width, height: grid.height)
        StatusLine.bar(snapshot: snapshot, view: view).draw(in: layout.status, grid: &grid)
        LossPanel(snapshot: snapshot, view: view).draw(in: layout.loss, grid: &grid)
        GradientPanel(snapshot: snapshot, useColor: view.useColor, colorScale: view.gradientScale).draw(in: layout.gradient, grid: &grid)
        TimingPanel(snapshot: snapshot).draw(in: layout.timing, grid: &grid)
        TruncationPanel(snapshot: snapshot, view: view).draw(in: layout.truncation, grid: &grid)
        SamplePanel(snapshot: snapshot).draw(in: layout.sample, grid: &grid)
        if view.showHelp {
            HelpOverlay.draw(on: screen, page: view.helpPage, grid: &grid)
        } else if let picker = view.picker {
            RunPickerOverlay.draw(picker, folder: view.runFolder, searchPath: view.runSearchPath, on: screen, grid: &grid)
        }
        return grid
    }

    public static func tooSmallMessage(width: Int, height: Int) -> String {
        "terminal too small: need \(minimumSize.width)x\(minimumSize.height), have \(width)x\(height)"
    }
}
