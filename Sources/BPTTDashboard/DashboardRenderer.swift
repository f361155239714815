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
            Centered(tooSmallMessage(width: grid.width, height: grid.height), style: .warning).draw(in: screen, grid: &grid)
            return grid
        }
        for (widget, area) in widgets(snapshot: snapshot, view: view, screen: screen) { widget.draw(in: area, grid: &grid) }
        return grid
    }

    /// Every widget of the screen with its area, in drawing order (overlays last).
    static func widgets(snapshot: TrainingSnapshot, view: DashboardViewState, screen: Rect) -> [(Widget, Rect)] {
        let layout = DashboardLayout(width: screen.width, height: screen.height)
        var widgets: [(Widget, Rect)] = [
            (StatusLine.bar(snapshot: snapshot, view: view), layout.status),
            (LossPanel(snapshot: snapshot, view: view), layout.loss),
            (GradientPanel(snapshot: snapshot, useColor: view.useColor, colorScale: view.gradientScale), layout.gradient),
            (TimingPanel(snapshot: snapshot), layout.timing),
            (TruncationPanel(snapshot: snapshot, view: view), layout.truncation),
            (SamplePanel(snapshot: snapshot), layout.sample),
        ]
        if view.showHelp {
            widgets.append((HelpOverlay(page: view.helpPage), screen))
        } else if let picker = view.picker {
            widgets.append((RunPickerOverlay(picker: picker, folder: view.runFolder, searchPath: view.runSearchPath), screen))
        }
        return widgets
    }

    public static func tooSmallMessage(width: Int, height: Int) -> String {
        "terminal too small: need \(minimumSize.width)x\(minimumSize.height), have \(width)x\(height)"
    }
}
