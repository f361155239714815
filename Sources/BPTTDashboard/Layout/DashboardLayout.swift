/// Where each panel goes. At the minimum size everything essential fits; larger screens give the
/// extra rows mostly to the charts and the extra columns to both columns proportionally.
struct DashboardLayout: Equatable {
    var status: Rect
    var loss: Rect
    var gradient: Rect
    var timing: Rect
    var truncation: Rect
    var sample: Rect

    /// The dashboard's proportions, in one place.
    enum Proportions {
        /// The status line, the panels, the sample (two more lines of it on tall screens).
        static func screenRows(height: Int) -> [Constraint] { [.length(1), .fill, .length(height >= 36 ? 6 : 4)] }
        /// The charts above, timing and truncation below: 2/5 of the rows, and never fewer than 8 so
        /// the truncation panel keeps its sliders, verdict and ruler on short screens.
        static let panelRows: [Constraint] = [.fill, .ratio(2, 5).atLeast(8)]
        /// Loss 11/20 of the width, the gradient the rest.
        static let chartColumns: [Constraint] = [.ratio(11, 20), .fill]
        /// Truncation 2/5 of the width and never fewer than 32 columns (its sliders and their lines);
        /// timing the rest.
        static let lowerColumns: [Constraint] = [.fill, .ratio(2, 5).atLeast(32)]
    }

    init(width: Int, height: Int) {
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        let rows = screen.split(.vertical, Proportions.screenRows(height: height))
        let panels = rows[1].split(.vertical, Proportions.panelRows)
        let charts = panels[0].split(.horizontal, Proportions.chartColumns)
        let lower = panels[1].split(.horizontal, Proportions.lowerColumns)
        status = rows[0]
        loss = charts[0]
        gradient = charts[1]
        timing = lower[0]
        truncation = lower[1]
        sample = rows[2]
    }
}
