/// How the loss chart is drawn, as the view's loss keys set it (`v`, `l`, `t`, `s S`); the single
/// and the two-run loss panels read the same options.
struct LossChartOptions: Equatable {
    /// The recall view (it also needs the built-in language's floors).
    var recall = false
    var logScale = false
    var xAxisByTime = false
    /// The train curve's EMA weight; 0 draws it raw.
    var smoothing = 0.0

    init(recall: Bool = false, logScale: Bool = false, xAxisByTime: Bool = false, smoothing: Double = 0) {
        self.recall = recall; self.logScale = logScale; self.xAxisByTime = xAxisByTime; self.smoothing = smoothing
    }

    init(view: DashboardViewState) {
        self.init(recall: view.lossView == .recall, logScale: view.logScale, xAxisByTime: view.xAxisByTime,
                  smoothing: view.smoothing)
    }
}
