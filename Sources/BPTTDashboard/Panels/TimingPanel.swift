import BPTTTraining
import BPTTNumerics

/// " BPTT timing ": the probe's milliseconds per backward pass against window length for both
/// engines on log-log axes (O(T) and O(T²) are straight lines of slope 1 and 2), with the spread of
/// its repetitions; their ratio, the current window, the live update time, and the proof that the
/// engines agree.
struct TimingPanel: Widget {
    var snapshot: TrainingSnapshot

    static let title = "BPTT timing"
    /// Relative gradient difference above which the engines are said to disagree.
    static let agreementTolerance = 1e-3
    static let textWidth = 29

    /// The window the engine trains on now: k1 + k2 in block mode, the latest sentence otherwise.
    var currentWindow: Int? {
        snapshot.truncation.reach ?? (snapshot.gradient.stepNorms.isEmpty ? nil : snapshot.gradient.stepNorms.count)
    }

    func draw(in rect: Rect, grid: inout CellGrid) {
        // The longest description that fits beside the title.
        let room = rect.width - 4 - (TimingPanel.title.unicodeScalars.count + 2) - 3
        // A gated cell is named: the probe times the run's own cell.
        let cell = snapshot.cell == .elman ? "" : snapshot.cell.rawValue + " · "
        let infos = [cell + "log-log · ms/backward vs T" + (snapshot.probe.map { " · probe @\($0.step)" } ?? ""),
                     cell + "log-log · ms/backward vs T", cell + "log-log ms vs T", "log-log ms vs T"]
        let info = infos.first { $0.unicodeScalars.count <= room } ?? ""
        let content = PanelBox(title: TimingPanel.title, info: info, hints: [KeyBinding("e", "engine")])
            .frame(rect, grid: &grid)
        guard content.width >= 8, content.height >= 1 else { return }
        let lines = textLines()
        let sideBySide = content.width >= TimingPanel.textWidth + 16
        // Wide: the chart, a gap, the text on the right; narrow: the text under the chart.
        let parts = sideBySide
            ? content.split(.horizontal, [.fill, .length(1), .length(TimingPanel.textWidth)])
            : content.split(.vertical, [.fill, .length(lines.count)])
        let (chartArea, textArea) = (parts[0], parts[parts.count - 1])
        for (i, line) in lines.enumerated() where i < textArea.height {
            var x = textArea.x
            for part in line {
                grid.putClipped(part.text, x: x, y: textArea.y + i, style: part.style, maxWidth: textArea.maxX - x)
                x += part.text.unicodeScalars.count
            }
        }
        drawChart(in: chartArea, grid: &grid)
    }

    private func drawChart(in area: Rect, grid: inout CellGrid) {
        guard area.height >= 3, area.width >= 8 else { return }
        guard let probe = snapshot.probe, !probe.windowLengths.isEmpty else {
            Centered("probing…", style: .dim).draw(in: area, grid: &grid)
            return
        }
        let xs = probe.windowLengths.map(Double.init)
        let slowest = probe.naiveSlowestMilliseconds + probe.optimizedSlowestMilliseconds
        let ys = (probe.naiveMilliseconds + probe.optimizedMilliseconds + slowest).filter { $0.isFinite && $0 > 0 }
        let plotRows = area.height - LineChart.axisRows(forHeight: area.height)
        // A little room above and below, so the curves do not run along the frame.
        let yAxis = AxisTicks.logarithmicInside(lo: (ys.min() ?? 1e-3) / 1.3, hi: (ys.max() ?? 1) * 1.3,
                                                maxCount: max(2, plotRows / 2 + 1))
        let labelWidth = yAxis.ticks.map { $0.label.unicodeScalars.count }.max() ?? 0
        let xAxis = AxisTicks.logarithmicInside(lo: xs.min() ?? 1, hi: max(xs.max() ?? 10, (xs.min() ?? 1) * 2),
                                                maxCount: max(2, (area.width - labelWidth - 1) / 5))
        func points(_ ms: [Double]) -> [ChartPoint] {
            zip(xs, ms).map { ChartPoint(x: $0, y: $1) }
        }
        /// The spread: a vertical stroke from the fastest to the slowest repetition at each T.
        func spread(_ fastest: [Double], _ slowest: [Double], style: StyleID) -> [ChartSeries] {
            zip(xs, zip(fastest, slowest)).map { x, pair in
                ChartSeries(points: [ChartPoint(x: x, y: pair.0), ChartPoint(x: x, y: pair.1)], style: style)
            }
        }
        var markers: [ChartMarker] = []
        if let window = currentWindow { markers.append(ChartMarker(x: Double(window), label: "T", style: .key)) }
        LineChart(xAxis: xAxis, yAxis: yAxis,
                  series: spread(probe.optimizedMilliseconds, probe.optimizedSlowestMilliseconds, style: .optimized)
                      + spread(probe.naiveMilliseconds, probe.naiveSlowestMilliseconds, style: .naive)
                      + [ChartSeries(points: points(probe.optimizedMilliseconds), style: .optimized),
                         ChartSeries(points: points(probe.naiveMilliseconds), style: .naive)],
                  markers: markers, xTitle: "T").draw(in: area, grid: &grid)
    }

    typealias Part = (text: String, style: StyleID)

    /// Legend with times at the largest window and their ratio, the live engine, and agreement.
    func textLines() -> [[Part]] {
        var lines: [[Part]] = []
        if let probe = snapshot.probe, let last = probe.windowLengths.indices.last,
           last < probe.naiveMilliseconds.count, last < probe.optimizedMilliseconds.count {
            let naive = probe.naiveMilliseconds[last], optimized = probe.optimizedMilliseconds[last]
            lines.append(padded([("━ ", .naive), ("naive O(T²)", .normal)], value: (milliseconds(naive), .bold)))
            lines.append(padded([("━ ", .optimized), ("optimized O(T)", .normal)], value: (milliseconds(optimized), .bold)))
            let ratio = optimized > 0 ? NumberFormat.compact(naive / optimized) + "×" : "—"
            var ratioLine: [Part] = [("  ratio ", .dim), (ratio, .bold), (" at T=\(probe.windowLengths[last])", .dim)]
            // The probe's spread: half the range between its fastest and slowest repetition.
            if let spread = probeSpread { ratioLine.append((" ±" + NumberFormat.compact(spread * 50) + "%", .dim)) }
            lines.append(ratioLine)
        }
        let engineStyle: StyleID = snapshot.engine == .naive ? .naive : .optimized
        lines.append([("live ", .dim), (snapshot.engine.rawValue, engineStyle), (" ", .normal),
                      (NumberFormat.compact(snapshot.tokensPerSecond), .bold), (" tok/s", .normal)])
        // The live figure times a whole update (batching, forward and backward over the batch), so it
        // is named for that and not set beside the backward-only curves as if it were one of them.
        if let ms = snapshot.recentForwardBackwardMilliseconds[snapshot.engine] {
            var parts: [Part] = [("  ", .normal)]
            if let window = currentWindow { parts.append(("T=\(window) ", .key)) }
            parts.append(("whole update ", .dim))
            parts.append((milliseconds(ms), .bold))
            lines.append(parts)
        }
        if let probe = snapshot.probe {
            let d = probe.maxRelativeGradientDifference
            let agree = d.isFinite && d <= TimingPanel.agreementTolerance
            lines.append([("max rel |Δgrad| ", .normal), (NumberFormat.scientific(d), agree ? .good : .error),
                          (agree ? " agree" : " differ", agree ? .good : .error)])
        }
        return lines
    }

    /// The typical (median) (slowest - fastest) / fastest over the probe's lengths and engines; nil
    /// without repeats. A single disturbed repetition shows as a stroke on the chart, not here.
    var probeSpread: Double? {
        guard let probe = snapshot.probe else { return nil }
        let pairs = Array(zip(probe.naiveMilliseconds, probe.naiveSlowestMilliseconds))
            + Array(zip(probe.optimizedMilliseconds, probe.optimizedSlowestMilliseconds))
        let spreads = pairs.compactMap { fast, slow in fast > 0 && slow.isFinite ? (slow - fast) / fast : nil }.sorted()
        return spreads.isEmpty ? nil : spreads[spreads.count / 2]
    }

    /// A label and a value right-aligned to the text column.
    private func padded(_ label: [Part], value: Part) -> [Part] {
        let used = label.reduce(0) { $0 + $1.text.unicodeScalars.count } + value.text.unicodeScalars.count
        return label + [(String(repeating: " ", count: max(1, TimingPanel.textWidth - used)), .normal), value]
    }

    private func milliseconds(_ ms: Double) -> String {
        guard ms.isFinite else { return "— ms" }
        return (ms >= 100 ? NumberFormat.fixed(ms, decimals: 0) : NumberFormat.trimmed(ms, significant: 3)) + " ms"
    }
}
