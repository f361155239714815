import BPTTTraining

/// " Loss " for two runs: each run's curve on shared axes in its own colour, named in the legend
/// with what sets it apart ("━ A k1=3 2.00  ━ B off 0.01"). The recall view draws each run's
/// validation recall loss against the recall's floors; the other view each run's smoothed train
/// loss. Only the focused run's control changes are marked (the other run's would be unlabelled).
struct CompareLossPanel: Widget {
    var runs: [DashboardRun]
    var focused: Int
    var view: DashboardViewState

    /// The focused run's snapshot decides the unit and the floors (both runs share the corpus).
    private var lead: LossPanel { LossPanel(snapshot: runs[focused].snapshot, view: view) }

    /// A keeps the single run's colour for what is drawn, B its own.
    func style(ofRun index: Int) -> StyleID {
        index == 0 ? (lead.showsRecall ? .recallLoss : .trainLoss) : .compareRun
    }

    func draw(in rect: Rect, grid: inout CellGrid) {
        let lead = self.lead
        let snapshot = runs[focused].snapshot
        let unit = LossUnit(unit: snapshot.unit)
        let info = [lead.showsRecall ? "recall" : "train ema", unit.name, view.logScale ? "log" : nil,
                    view.xAxisByTime ? "x: time" : "x: step"]
            .compactMap { $0 }.joined(separator: " · ")
        let hints = snapshot.lossFloors == nil ? [KeyBinding("l", "log"), KeyBinding("t", "time")]
            : [KeyBinding("v", lead.showsRecall ? "all" : "recall"), KeyBinding("l", "log"), KeyBinding("t", "time")]
        let content = PanelBox(title: LossPanel.title, info: info, hints: hints).frame(rect, grid: &grid)
        guard content.height >= 1, content.width >= 8 else { return }
        let (legendRow, chartArea) = content.splitTop(1)
        let series = runs.indices.map { chartSeries(ofRun: $0, unit: unit) }
        drawLegend(series, in: legendRow, unit: unit, grid: &grid)
        guard series.contains(where: { !$0.points.isEmpty }) else {
            let waiting = lead.showsRecall ? "waiting for the first validation…" : "waiting for the first update…"
            Centered(waiting, style: .dim).draw(in: chartArea, grid: &grid)
            return
        }
        // Only the recall's floors: the rest is not drawn here.
        let floors = lead.showsRecall ? Array(lead.recallFloorRules(unit: unit).prefix(2)) : lead.floorRules(unit: unit)
        // The focused run on top: drawn last.
        let ordered = runs.indices.filter { $0 != focused }.map { series[$0] } + [series[focused]]
        LossPanel.drawChart(series: ordered, floors: floors, events: snapshot.events, view: view, in: chartArea, grid: &grid)
    }

    /// One run's curve: its recall loss (recall view) or its smoothed train loss.
    func chartSeries(ofRun index: Int, unit: LossUnit) -> ChartSeries {
        let s = runs[index].snapshot
        let points: [ChartPoint]
        if lead.showsRecall {
            points = LossPanel.points(s.recallLoss, values: s.recallLoss.map(\.loss), unit: unit, byTime: view.xAxisByTime)
        } else {
            let smoothed = ExponentialMovingAverage.smooth(s.trainLoss.map(\.loss), weight: view.smoothing)
            points = LossPanel.points(s.trainLoss, values: smoothed, unit: unit, byTime: view.xAxisByTime)
        }
        return ChartSeries(points: points, style: style(ofRun: index))
    }

    /// "━ A k1=3 2.00  ━ B off 0.01  ┄ floors  ┊ change": each run named with its difference and its latest value.
    private func drawLegend(_ series: [ChartSeries], in row: Rect, unit: LossUnit, grid: inout CellGrid) {
        // Each run's entry gets an equal share of the row (beside "┄ floors"), its name cut to fit, so
        // a long difference (two configs' names) never pushes B out of the legend.
        let share = (row.width - (runs[focused].snapshot.lossFloors != nil ? 10 : 0)) / runs.count - 4
        var items: [(glyph: String, text: String, style: StyleID)] = runs.indices.map { index in
            let latest = series[index].points.last.map { " " + NumberFormat.fixed($0.y, decimals: 2) } ?? ""
            let name = TextClip.clipped(runs[index].legendName, to: max(3, share - latest.count))
            return ("━", name + latest, series[index].style)
        }
        if runs[focused].snapshot.lossFloors != nil { items.append(("┄", "floors", .marker)) }
        if !runs[focused].snapshot.events.isEmpty { items.append(("┊", "change", .marker)) }
        LossPanel.putLegend(items, in: row, grid: &grid)
    }
}
