import BPTTTraining
import BPTTNumerics

/// " BPTT timing ": the probe's milliseconds per backward pass against window length for both
/// engines, their ratio, the current window, live throughput, and the proof that they agree.
struct TimingPanel {
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
        let info = "ms/backward vs T" + (snapshot.probe.map { " · probe @\($0.step)" } ?? "")
        let content = PanelBox(title: TimingPanel.title, info: info, hints: [KeyBinding("e", "engine")])
            .draw(in: rect, grid: &grid)
        guard content.width >= 8, content.height >= 1 else { return }
        let lines = textLines()
        let sideBySide = content.width >= TimingPanel.textWidth + 16
        let textArea: Rect, chartArea: Rect
        if sideBySide {
            (chartArea, textArea) = {
                let split = content.splitLeft(content.width - TimingPanel.textWidth - 1)
                return (split.left, Rect(x: split.rest.x + 1, y: split.rest.y, width: split.rest.width - 1, height: split.rest.height))
            }()
        } else {
            let split = content.splitBottom(min(lines.count, content.height))
            (chartArea, textArea) = (split.rest, split.bottom)
        }
        for (i, line) in lines.enumerated() where i < textArea.height {
            var x = textArea.x
            for part in line {
                grid.put(part.text, x: x, y: textArea.y + i, style: part.style, maxWidth: textArea.maxX - x)
                x += part.text.unicodeScalars.count
            }
        }
        drawChart(in: chartArea, grid: &grid)
    }

    private func drawChart(in area: Rect, grid: inout CellGrid) {
        guard area.height >= 3, area.width >= 8 else { return }
        guard let probe = snapshot.probe, !probe.windowLengths.isEmpty else {
            Centered.message("probing…", in: area, style: .dim, grid: &grid)
            return
        }
        let xs = probe.windowLengths.map(Double.init)
        let ys = (probe.naiveMilliseconds + probe.optimizedMilliseconds).filter(\.isFinite)
        let plotRows = area.height - LineChart.axisRows(forHeight: area.height)
        let yAxis = AxisTicks.linear(lo: 0, hi: max(ys.max() ?? 1, 1e-3), maxCount: max(2, plotRows / 2 + 1), loose: true)
        let labelWidth = yAxis.ticks.map { $0.label.unicodeScalars.count }.max() ?? 0
        let xAxis = AxisTicks.linear(lo: xs.min() ?? 0, hi: max(xs.max() ?? 1, (xs.min() ?? 0) + 1),
                                     maxCount: max(2, (area.width - labelWidth - 1) / 6), loose: false)
        func points(_ ms: [Double]) -> [ChartPoint] {
            zip(xs, ms).map { ChartPoint(x: $0, y: $1) }
        }
        var markers: [ChartMarker] = []
        if let window = currentWindow { markers.append(ChartMarker(x: Double(window), label: "T", style: .focused)) }
        LineChart(xAxis: xAxis, yAxis: yAxis,
                  series: [ChartSeries(points: points(probe.optimizedMilliseconds), style: .optimized),
                           ChartSeries(points: points(probe.naiveMilliseconds), style: .naive)],
                  markers: markers).draw(in: area, grid: &grid)
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
            lines.append([("  ratio ", .dim), (ratio, .bold), (" at T=\(probe.windowLengths[last])", .dim)])
        }
        let engineStyle: StyleID = snapshot.engine == .naive ? .naive : .optimized
        lines.append([("live ", .dim), (snapshot.engine.rawValue, engineStyle), (" ", .normal),
                      (NumberFormat.compact(snapshot.tokensPerSecond), .bold), (" tok/s", .normal)])
        if let ms = snapshot.recentBackwardMilliseconds[snapshot.engine] {
            var parts: [Part] = [("  ", .normal)]
            if let window = currentWindow { parts.append(("T=\(window) ", .focused)) }
            parts.append(("bwd ", .dim))
            parts.append((milliseconds(ms), .bold))
            lines.append(parts)
        }
        if let probe = snapshot.probe {
            let d = probe.maxRelativeGradientDifference
            let agree = d.isFinite && d <= TimingPanel.agreementTolerance
            lines.append([("max |Δgrad| = ", .normal), (NumberFormat.scientific(d), agree ? .good : .error),
                          (agree ? " (agree)" : " (differ)", agree ? .good : .error)])
        }
        return lines
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
