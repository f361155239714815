import BPTTTraining

/// " Loss ": smoothed train loss over its faint raw series, validation points, earlier runs as faint
/// labelled curves, and markers where a control changed.
struct LossPanel {
    var snapshot: TrainingSnapshot
    var view: DashboardViewState

    static let title = "Loss"

    func draw(in rect: Rect, grid: inout CellGrid) {
        let unit = LossUnit(unit: snapshot.unit)
        let info = [unit.name, view.logScale ? "log" : nil, view.xAxisByTime ? "x: time" : "x: step"]
            .compactMap { $0 }.joined(separator: " · ")
        let content = PanelBox(title: LossPanel.title, info: info,
                               hints: [KeyBinding("l", "log"), KeyBinding("s S", "smooth"), KeyBinding("t", "time")])
            .draw(in: rect, grid: &grid)
        guard content.height >= 1, content.width >= 8 else { return }
        let (legendRow, chartArea) = content.splitTop(1)

        let series = chartSeries(unit: unit)
        guard series.contains(where: { !$0.points.isEmpty }) else {
            drawLegend(in: legendRow, unit: unit, grid: &grid)
            Centered.message("waiting for the first update…", in: chartArea, style: .dim, grid: &grid)
            return
        }
        drawLegend(in: legendRow, unit: unit, grid: &grid)
        let plotRows = chartArea.height - LineChart.axisRows(forHeight: chartArea.height)
        let xs = series.flatMap { $0.points.map(\.x) }
        // The y range follows the curves a person reads (smoothed, validation, earlier runs); the raw
        // series' spikes are clipped at the frame rather than squashing everything else.
        let ys = (series.filter { $0.style != .trainLossRaw }.flatMap { $0.points.map(\.y) } + floorValues(unit: unit))
            .filter { $0.isFinite && (!view.logScale || $0 > 0) }
        let maxTicksY = max(2, plotRows / 2 + 1)
        let yAxis = view.logScale
            ? AxisTicks.logarithmic(lo: ys.min() ?? 1, hi: ys.max() ?? 2, maxCount: maxTicksY)
            : AxisTicks.linear(lo: ys.min() ?? 0, hi: ys.max() ?? 1, maxCount: maxTicksY, loose: true)
        let labelWidth = yAxis.ticks.map { $0.label.unicodeScalars.count }.max() ?? 0
        let maxTicksX = max(2, (chartArea.width - labelWidth - 1) / 8)
        let xLo = xs.min() ?? 0, xHi = xs.max() ?? 1
        let xAxis = view.xAxisByTime
            ? AxisTicks.time(lo: xLo, hi: xHi, maxCount: maxTicksX)
            : AxisTicks.linear(lo: xLo, hi: max(xHi, xLo + 1), maxCount: maxTicksX, loose: false)
        let markers = snapshot.events.map { event in
            ChartMarker(x: view.xAxisByTime ? event.seconds : Double(event.step), label: event.text)
        }
        // Dashed: 24 short segments per floor, each its own two-point series.
        let span: Double = max(xHi, xLo + 1) - xLo
        var floors: [ChartSeries] = []
        for y in floorValues(unit: unit) {
            for k in 0..<24 {
                let start: Double = xLo + span * Double(2 * k) / 48
                let end: Double = xLo + span * Double(2 * k + 1) / 48
                floors.append(ChartSeries(points: [ChartPoint(x: start, y: y), ChartPoint(x: end, y: y)], style: .marker))
            }
        }
        LineChart(xAxis: xAxis, yAxis: yAxis, series: floors + series, markers: markers).draw(in: chartArea, grid: &grid)
    }

    /// The built-in corpus's two floors in display units: where the loss stalls without memory of the
    /// dependency and where it can go with it (drawn as dashed lines).
    func floorValues(unit: LossUnit) -> [Double] {
        guard let floors = snapshot.lossFloors else { return [] }
        return [floors.withoutMemory, floors.withMemory].map { unit.display($0) }.filter(\.isFinite)
    }

    /// Faint first: earlier runs, the raw train loss, the smoothed train loss, validation points.
    func chartSeries(unit: LossUnit) -> [ChartSeries] {
        func points(_ loss: [LossPoint], values: [Double]) -> [ChartPoint] {
            zip(loss, values).compactMap { point, value in
                let y = unit.display(value)
                guard y.isFinite else { return nil }
                return ChartPoint(x: view.xAxisByTime ? point.seconds : Double(point.step), y: y)
            }
        }
        let train = snapshot.trainLoss
        let smoothed = ExponentialMovingAverage.smooth(train.map(\.loss), weight: view.smoothing)
        var series = view.referenceRuns.map { run in
            ChartSeries(points: points(run.trainLoss,
                                       values: ExponentialMovingAverage.smooth(run.trainLoss.map(\.loss), weight: view.smoothing)),
                        style: .reference, label: run.name)
        }
        if view.smoothing > 0 {
            series.append(ChartSeries(points: points(train, values: train.map(\.loss)), style: .trainLossRaw))
        }
        series.append(ChartSeries(points: points(train, values: smoothed), style: .trainLoss))
        series.append(ChartSeries(points: points(snapshot.validLoss, values: snapshot.validLoss.map(\.loss)),
                                  style: .validLoss, glyph: "•"))
        return series
    }

    private func drawLegend(in row: Rect, unit: LossUnit, grid: inout CellGrid) {
        var items: [(glyph: String, text: String, style: StyleID)] = [
            ("━", "train" + (view.smoothing > 0 ? " ema " + NumberFormat.compact(view.smoothing) : ""), .trainLoss),
        ]
        if view.smoothing > 0 { items.append(("⠒", "raw", .trainLossRaw)) }
        items.append(("•", "valid", .validLoss))
        if let last = snapshot.validLoss.last {
            items[items.count - 1].text += " " + NumberFormat.fixed(unit.display(last.loss), decimals: 2)
        }
        if !view.referenceRuns.isEmpty { items.append(("━", "earlier", .reference)) }
        if snapshot.lossFloors != nil { items.append(("┄", "floors", .marker)) }
        if !snapshot.events.isEmpty { items.append(("┊", "change", .marker)) }
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
