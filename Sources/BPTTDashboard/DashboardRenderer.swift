import BPTTTraining

/// The whole screen as a pure function of the runs' snapshots and the view state. With two runs
/// the loss chart overlays both; the other panels show the focused run (`f` switches), the timing
/// panel the run whose probe runs, and the status line both rates.
public enum DashboardRenderer {
    public static let minimumSize: (width: Int, height: Int) = (80, 24)

    /// Panel titles as drawn in the top borders (the end-to-end test looks for them).
    public static let panelTitles = [LossPanel.title, GradientPanel.title, TimingPanel.title,
                                     TruncationPanel.title, SamplePanel.title]

    /// One run alone.
    public static func render(snapshot: TrainingSnapshot, run: RunViewState = RunViewState(), view: DashboardViewState,
                              width: Int, height: Int) -> CellGrid {
        render(runs: [DashboardRun(snapshot: snapshot, state: run)], view: view, width: width, height: height)
    }

    public static func render(runs: [DashboardRun], view: DashboardViewState, width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        let screen = Rect(x: 0, y: 0, width: grid.width, height: grid.height)
        guard grid.width >= minimumSize.width, grid.height >= minimumSize.height else {
            Centered(tooSmallMessage(width: grid.width, height: grid.height), style: .warning).draw(in: screen, grid: &grid)
            return grid
        }
        guard !runs.isEmpty else { return grid }
        for (widget, area) in widgets(runs: runs, view: view, screen: screen) { widget.draw(in: area, grid: &grid) }
        return grid
    }

    /// Every widget of the screen with its area, in drawing order (overlays last).
    static func widgets(runs: [DashboardRun], view: DashboardViewState, screen: Rect) -> [(Widget, Rect)] {
        let layout = DashboardLayout(width: screen.width, height: screen.height)
        let focused = min(max(0, view.focusedRun), runs.count - 1)
        let run = runs[focused]
        let letter = runs.count > 1 ? run.letter : ""
        let loss: Widget = runs.count > 1 ? CompareLossPanel(runs: runs, focused: focused, view: view)
                                          : LossPanel(snapshot: run.snapshot, run: run.state, view: view)
        // The probe runs for one run at a time: its panel shows the run that has one.
        let probed = runs.first { $0.snapshot.probe != nil }?.snapshot ?? run.snapshot
        var widgets: [(Widget, Rect)] = [
            (StatusLine.bar(runs: runs, focused: focused, view: view), layout.status),
            (loss, layout.loss),
            (GradientPanel(snapshot: run.snapshot, useColor: view.useColor, colorScale: view.gradientScale, path: view.gradientPath, letter: letter),
             layout.gradient),
            (TimingPanel(snapshot: probed), layout.timing),
            (TruncationPanel(runs: runs, focused: focused, view: view), layout.truncation),
            (SamplePanel(snapshot: run.snapshot), layout.sample),
        ]
        if view.showHelp {
            widgets.append((HelpOverlay(page: view.helpPage), screen))
        } else if let picker = view.picker {
            widgets.append((RunPickerOverlay(picker: picker, folder: view.runFolder, searchPath: view.runSearchPath), screen))
        } else if let menu = view.compareMenu {
            widgets.append((CompareMenuOverlay(menu: menu), screen))
        }
        return widgets
    }

    public static func tooSmallMessage(width: Int, height: Int) -> String {
        "terminal too small: need \(minimumSize.width)x\(minimumSize.height), have \(width)x\(height)"
    }
}
