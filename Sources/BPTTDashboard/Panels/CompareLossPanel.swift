import BPTTTraining

/// " Loss " for two runs: each run's curve on shared axes in its own colour, named in the legend
/// with what sets it apart ("━ A k1=3 2.00  ━ B off 0.01"). The recall view draws each run's
/// validation recall loss against the recall's floors; the other view each run's smoothed train
/// loss. Only the focused run's control changes are marked (the other run's would be unlabelled).
struct CompareLossPanel: Widget {
    /// Everything the panel draws, built by the renderer from the runs and the view.
    struct Input {
        var curves: [Curve]
        var focused: Int
        /// The focused run's unit, floors and control changes (both runs share the corpus).
        var unit: TokenLevel
        var floors: LossFloors?
        var events: [ControlEvent] = []
        var options: LossChartOptions
    }

    /// One run's losses and its legend name ("A k1=3").
    struct Curve {
        var name: String
        var trainLoss: [LossPoint] = []
        var recallLoss: [LossPoint] = []
    }

    var input: Input

    init(_ input: Input) { self.input = input }

    private var options: LossChartOptions { input.options }

    /// The focused run's single-run panel decides the unit, the view and the floors.
    private var lead: LossPanel {
        LossPanel(LossPanel.Input(unit: input.unit, floors: input.floors, events: input.events, options: options))
    }

    /// A keeps the single run's colour for what is drawn, B its own.
    func style(ofRun index: Int) -> StyleID {
        index == 0 ? (lead.showsRecall ? .recallLoss : .trainLoss) : .compareRun
    }

    func draw(in rect: Rect, grid: inout CellGrid) {
        let lead = self.lead
        let unit = LossUnit(unit: input.unit)
        let info = [lead.showsRecall ? "recall" : "train ema", unit.name, options.logScale ? "log" : nil,
                    options.xAxisByTime ? "x: time" : "x: step"]
            .compactMap { $0 }.joined(separator: " · ")
        let hints = input.floors == nil ? [KeyBinding("l", "log"), KeyBinding("t", "time")]
            : [KeyBinding("v", lead.showsRecall ? "all" : "recall"), KeyBinding("l", "log"), KeyBinding("t", "time")]
        let content = PanelBox(title: LossPanel.title, info: info, hints: hints).frame(rect, grid: &grid)
        guard content.height >= 1, content.width >= 8 else { return }
        let (legendRow, chartArea) = content.splitTop(1)
        let series = input.curves.indices.map { chartSeries(ofRun: $0, unit: unit) }
        drawLegend(series, in: legendRow, unit: unit, grid: &grid)
        guard series.contains(where: { !$0.points.isEmpty }) else {
            let waiting = lead.showsRecall ? "waiting for the first validation…" : "waiting for the first update…"
            Centered(waiting, style: .dim).draw(in: chartArea, grid: &grid)
            return
        }
        // Only the recall's floors: the rest is not drawn here.
        let floors = lead.showsRecall ? Array(lead.recallFloorRules(unit: unit).prefix(2)) : lead.floorRules(unit: unit)
        // The focused run on top: drawn last.
        let ordered = series.indices.filter { $0 != input.focused }.map { series[$0] } + [series[input.focused]]
        LossPanel.drawChart(series: ordered, floors: floors, events: input.events, options: options, in: chartArea, grid: &grid)
    }

    /// One run's curve: its recall loss (recall view) or its smoothed train loss.
    func chartSeries(ofRun index: Int, unit: LossUnit) -> ChartSeries {
        let s = input.curves[index]
        let points: [ChartPoint]
        if lead.showsRecall {
            points = LossPanel.points(s.recallLoss, values: s.recallLoss.map(\.loss), unit: unit, byTime: options.xAxisByTime)
        } else {
            let smoothed = ExponentialMovingAverage.smooth(s.trainLoss.map(\.loss), weight: options.smoothing)
            points = LossPanel.points(s.trainLoss, values: smoothed, unit: unit, byTime: options.xAxisByTime)
        }
        return ChartSeries(points: points, style: style(ofRun: index))
    }

    /// "━ A k1=3 2.00  ━ B off 0.01  ┄ floors  ┊ change": each run named with its difference and its latest value.
    private func drawLegend(_ series: [ChartSeries], in row: Rect, unit: LossUnit, grid: inout CellGrid) {
        // Each run's entry gets an equal share of the row (beside "┄ floors"), its name cut to fit, so
        // a long difference (two configs' names) never pushes B out of the legend.
        let share = (row.width - (input.floors != nil ? 10 : 0)) / input.curves.count - 4
        var items: [(glyph: String, text: String, style: StyleID)] = input.curves.indices.map { index in
            let latest = series[index].points.last.map { " " + NumberFormat.fixed($0.y, decimals: 2) } ?? ""
            let name = TextClip.clipped(input.curves[index].name, to: max(3, share - latest.count))
            return ("━", name + latest, series[index].style)
        }
        if input.floors != nil { items.append(("┄", "floors", .marker)) }
        if !input.events.isEmpty { items.append(("┊", "change", .marker)) }
        LossPanel.putLegend(items, in: row, grid: &grid)
    }
}
