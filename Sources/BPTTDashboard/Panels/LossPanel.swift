import BPTTTraining

/// " Loss ": the smoothed train loss on top, over thinned validation-like markers, its faint raw
/// series and earlier runs; the built-in language's floors as labelled dashed rules; markers where a
/// control changed. The y range ignores the first transient and rare spikes (`RobustRange`).
struct LossPanel: Widget {
    /// Everything the panel draws, built by the renderer from a run and the view's loss keys.
    struct Input {
        var unit: TokenLevel
        var trainLoss: [LossPoint] = []
        var validLoss: [LossPoint] = []
        /// Validation loss on the recall and on the rest (the built-in language only).
        var recallLoss: [LossPoint] = []
        var otherLoss: [LossPoint] = []
        var floors: LossFloors?
        var events: [ControlEvent] = []
        /// Earlier runs, drawn faint.
        var earlierRuns: [ReferenceRun] = []
        var options: LossChartOptions
    }

    var input: Input

    init(_ input: Input) { self.input = input }

    private var options: LossChartOptions { input.options }

    static let title = "Loss"
    /// Validation-like markers are kept at least this many columns apart (the newest in each group).
    static let markerSpacing = 3

    /// A series measured now and then (validation): drawn as glyphs under the train curve, named in
    /// the legend with its latest value. One more such series is one more entry in `markerSeries`.
    struct MarkerSeries {
        var legend: String
        var glyph: Unicode.Scalar
        var style: StyleID
        var points: [LossPoint]
    }

    var markerSeries: [MarkerSeries] {
        [MarkerSeries(legend: "valid", glyph: "•", style: .validLoss, points: input.validLoss)]
    }

    /// The recall view needs the built-in language (its floors say what the recall costs).
    var showsRecall: Bool { input.options.recall && input.floors != nil }

    func draw(in rect: Rect, grid: inout CellGrid) {
        let unit = LossUnit(unit: input.unit)
        let info = [showsRecall ? "recall vs rest" : nil, unit.name, options.logScale ? "log" : nil,
                    options.xAxisByTime ? "x: time" : "x: step"]
            .compactMap { $0 }.joined(separator: " · ")
        let hints = showsRecall
            ? [KeyBinding("v", "all"), KeyBinding("l", "log"), KeyBinding("t", "time")]
            : [KeyBinding("v", "recall"), KeyBinding("l", "log"), KeyBinding("s S", "smooth"), KeyBinding("t", "time")]
        let content = PanelBox(title: LossPanel.title, info: info,
                               hints: input.floors == nil ? Array(hints.dropFirst()) : hints)
            .frame(rect, grid: &grid)
        guard content.height >= 1, content.width >= 8 else { return }
        let (legendRow, chartArea) = content.splitTop(1)
        if showsRecall { drawRecallLegend(in: legendRow, unit: unit, grid: &grid) } else { drawLegend(in: legendRow, unit: unit, grid: &grid) }

        let series = showsRecall ? recallSeries(unit: unit) : chartSeries(unit: unit)
        guard series.contains(where: { !$0.points.isEmpty }) else {
            let waiting = showsRecall ? "waiting for the first validation…" : "waiting for the first update…"
            Centered(waiting, style: .dim).draw(in: chartArea, grid: &grid)
            return
        }
        let floors = showsRecall ? recallFloorRules(unit: unit) : floorRules(unit: unit)
        Self.drawChart(series: series, floors: floors, events: input.events, options: input.options, in: chartArea, grid: &grid)
    }

    /// The axes, the curves, the floors and the control markers in `chartArea` (shared with the
    /// loss chart of two runs).
    static func drawChart(series: [ChartSeries], floors: [ChartRule], events: [ControlEvent],
                          options: LossChartOptions, in chartArea: Rect, grid: inout CellGrid) {
        let plotRows = chartArea.height - LineChart.axisRows(forHeight: chartArea.height)
        let xs = series.flatMap { $0.points.map(\.x) }
        // The y range follows the curves a person reads (smoothed, markers, earlier runs) without
        // their outliers, and always shows the floors; the raw series is clipped at the frame.
        let read = series.filter { $0.style != .trainLossRaw }.flatMap(\.points)
        let range = RobustRange.of(read, always: floors.map(\.y), positiveOnly: options.logScale)
        // A tick every other row; on a short chart every row, so the floors' region keeps its labels.
        let maxTicksY = max(2, plotRows <= 8 ? plotRows : plotRows / 2 + 1)
        let yAxis = options.logScale
            // Log: the range itself (not widened to whole decades), 1-2-5 ticks inside it.
            ? AxisTicks.logarithmicInside(lo: (range?.lo ?? 1) / 1.08, hi: (range?.hi ?? 2) * 1.08, maxCount: maxTicksY)
            : AxisTicks.linearOnEvenRows(lo: range?.lo ?? 0, hi: paddedTop(range), rows: plotRows, maxCount: maxTicksY)
        let labelWidth = yAxis.ticks.map { $0.label.unicodeScalars.count }.max() ?? 0
        let maxTicksX = max(2, (chartArea.width - labelWidth - 1) / 8)
        let xLo = xs.min() ?? 0, xHi = xs.max() ?? 1
        let xAxis = options.xAxisByTime
            ? AxisTicks.time(lo: xLo, hi: xHi, maxCount: maxTicksX)
            : AxisTicks.linear(lo: xLo, hi: max(xHi, xLo + 1), maxCount: maxTicksX, loose: false)
        let plotColumns = max(1, chartArea.width - labelWidth - 1)
        let markers = ControlMarkers.merged(events, byTime: options.xAxisByTime,
                                            within: 2 * (xAxis.hi - xAxis.lo) / Double(plotColumns))
        LineChart(xAxis: xAxis, yAxis: yAxis, series: series, markers: markers, rules: floors)
            .draw(in: chartArea, grid: &grid)
    }

    /// A little headroom above the highest value read, so the curve does not run along the frame.
    private static func paddedTop(_ range: (lo: Double, hi: Double)?) -> Double {
        guard let range else { return 1 }
        return range.hi + (range.hi - range.lo) * 0.05
    }

    /// The built-in corpus's two floors in display units, labelled by what reaches them: where the loss
    /// stalls without memory of the dependency and where it can go with it.
    func floorRules(unit: LossUnit) -> [ChartRule] {
        guard let floors = input.floors else { return [] }
        return [(floors.withoutMemory, "reach<d"), (floors.withMemory, "reach≥d")].compactMap { value, name in
            let y = unit.display(value)
            guard y.isFinite else { return nil }
            return ChartRule(y: y, label: NumberFormat.fixed(y, decimals: 2) + " " + name)
        }
    }

    /// Drawing order, faint first: earlier runs, the raw train loss, the markers, then the smoothed
    /// train loss on top of them.
    func chartSeries(unit: LossUnit) -> [ChartSeries] {
        func points(_ loss: [LossPoint], values: [Double]) -> [ChartPoint] {
            Self.points(loss, values: values, unit: unit, byTime: options.xAxisByTime)
        }
        let train = input.trainLoss
        let smoothed = ExponentialMovingAverage.smooth(train.map(\.loss), weight: options.smoothing)
        var series = input.earlierRuns.map { run in
            ChartSeries(points: points(run.trainLoss,
                                       values: ExponentialMovingAverage.smooth(run.trainLoss.map(\.loss), weight: options.smoothing)),
                        style: .reference, label: run.name)
        }
        if options.smoothing > 0 {
            series.append(ChartSeries(points: points(train, values: train.map(\.loss)), style: .trainLossRaw))
        }
        for marker in markerSeries {
            series.append(ChartSeries(points: points(marker.points, values: marker.points.map(\.loss)),
                                      style: marker.style, glyph: marker.glyph, glyphSpacing: LossPanel.markerSpacing))
        }
        series.append(ChartSeries(points: points(train, values: smoothed), style: .trainLoss))
        return series
    }

    /// Chart points of a loss series with `values` in place of its losses (smoothed, say), in display
    /// units; non-finite values leave a gap.
    static func points(_ loss: [LossPoint], values: [Double], unit: LossUnit, byTime: Bool) -> [ChartPoint] {
        zip(loss, values).compactMap { point, value in
            let y = unit.display(value)
            guard y.isFinite else { return nil }
            return ChartPoint(x: byTime ? point.seconds : Double(point.step), y: y)
        }
    }

    private func drawLegend(in row: Rect, unit: LossUnit, grid: inout CellGrid) {
        var items: [(glyph: String, text: String, style: StyleID)] = [
            ("━", "train" + (options.smoothing > 0 ? " ema " + NumberFormat.compact(options.smoothing) : ""), .trainLoss),
        ]
        if options.smoothing > 0 { items.append(("⠒", "raw", .trainLossRaw)) }
        for marker in markerSeries {
            let value = marker.points.last.map { " " + NumberFormat.fixed(unit.display($0.loss), decimals: 2) } ?? ""
            items.append((String(marker.glyph), marker.legend + value, marker.style))
        }
        if !input.earlierRuns.isEmpty { items.append(("━", "earlier", .reference)) }
        if input.floors != nil { items.append(("┄", "floors", .marker)) }
        if !input.events.isEmpty { items.append(("┊", "change", .marker)) }
        Self.putLegend(items, in: row, grid: &grid)
    }

    // MARK: The recall view

    /// The recall's two floors (ln K without memory of the key, 0 with it) and the floor of the rest.
    func recallFloorRules(unit: LossUnit) -> [ChartRule] {
        guard let floors = input.floors else { return [] }
        let rules = [(floors.recallWithoutMemory, "no memory"), (0, "key known"), (floors.others, "rest")]
        return rules.compactMap { value, name in
            let y = unit.display(value)
            guard y.isFinite, !(options.logScale && y <= 0) else { return nil }
            return ChartRule(y: y, label: NumberFormat.fixed(y, decimals: 2) + " " + name)
        }
    }

    /// Validation loss on the recall and on the rest, as lines (the recall on top).
    func recallSeries(unit: LossUnit) -> [ChartSeries] {
        func points(_ loss: [LossPoint]) -> [ChartPoint] {
            loss.compactMap { point in
                let y = unit.display(point.loss)
                guard y.isFinite else { return nil }
                return ChartPoint(x: options.xAxisByTime ? point.seconds : Double(point.step), y: y)
            }
        }
        return [ChartSeries(points: points(input.otherLoss), style: .otherLoss),
                ChartSeries(points: points(input.recallLoss), style: .recallLoss)]
    }

    private func drawRecallLegend(in row: Rect, unit: LossUnit, grid: inout CellGrid) {
        func latest(_ series: [LossPoint]) -> String {
            series.last.map { " " + NumberFormat.fixed(unit.display($0.loss), decimals: 2) } ?? ""
        }
        var items: [(glyph: String, text: String, style: StyleID)] = [
            ("━", "recall" + latest(input.recallLoss), .recallLoss),
            ("━", "rest" + latest(input.otherLoss), .otherLoss),
            ("┄", "floors", .marker),
        ]
        if !input.events.isEmpty { items.append(("┊", "change", .marker)) }
        Self.putLegend(items, in: row, grid: &grid)
    }

    /// Legend entries left to right, each a coloured glyph and dim text; those that do not fit are left out.
    static func putLegend(_ items: [(glyph: String, text: String, style: StyleID)], in row: Rect, grid: inout CellGrid) {
        var x = row.x
        for item in items {
            let length = item.text.unicodeScalars.count + 2
            guard x + length <= row.maxX else { break }
            grid.put(item.glyph, x: x, y: row.y, style: item.style)
            grid.put(item.text, x: x + 2, y: row.y, style: .dim)
            x += length + 2
        }
    }
}
