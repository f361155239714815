import BPTTTraining

/// " Gradient flow ||dE/ds_t|| ": the history of per-step gradient norms as a heat map (training
/// progress down), the latest update as bars, the last output's reach profile r_k, and an axis that
/// marks the steps errors do not reach. Time runs left to right; all rows are aligned on the last
/// step of their window, so a column is "k steps back".
struct GradientPanel: Widget {
    var snapshot: TrainingSnapshot
    var useColor: Bool
    var colorScale: GradientColorScale = .fixedDecades
    /// The error shown: on h_t, or LSTM's on c_t (`d` switches; other cells have only h_t).
    var path: GradientPath = .hidden
    /// The run shown when two run ("A", "B"; `f` switches); empty when one runs alone.
    var letter = ""

    static let title = "Gradient flow ||dE/ds_t||"

    /// Whether the panel shows LSTM's cell-state path.
    var showsCell: Bool { path == .cell && snapshot.cell == .lstm }

    /// Elman's state is s_t (the README's equations); a gated cell's is h_t, and LSTM's second c_t.
    var title: String {
        if snapshot.cell == .elman { return Self.title }
        return showsCell ? "Gradient flow ||dE/dc_t||" : "Gradient flow ||dE/dh_t||"
    }

    /// The latest update's norms and the heat map's rows on the path shown.
    var norms: [Double] { showsCell ? gradient.cellStepNorms : gradient.stepNorms }
    var rows: [[Double]] { showsCell ? gradient.cellHistory : gradient.history }

    enum Region { case output, passThrough, beyond }

    private var gradient: GradientFlow { snapshot.gradient }
    private var window: Int { norms.count }

    /// Steps back shown: the window, the longest history row, and the dependency distance.
    var span: Int {
        let longestHistory = rows.map(\.count).max() ?? 0
        return max(1, window, longestHistory, (snapshot.dependencyDistance ?? -1) + 1)
    }

    /// Whether the step `back` steps before the last one produced a loss, only passed errors back
    /// (steps before firstOutputStep), or lies outside the window (no gradient reaches it).
    func region(back: Int) -> Region {
        if back >= window { return .beyond }
        return window - 1 - back < gradient.firstOutputStep ? .passThrough : .output
    }

    func draw(in rect: Rect, grid: inout CellGrid) {
        let info = [letter.isEmpty ? "" : "run " + letter, window > 0 ? "window \(window)" : ""]
            .filter { !$0.isEmpty }.joined(separator: " · ")
        // LSTM's bottom border says what `d` turns to.
        let hints = snapshot.cell == .lstm ? [KeyBinding("d", showsCell ? "hidden path h_t" : "cell path c_t")] : []
        let content = PanelBox(title: title, info: info, hints: hints).frame(rect, grid: &grid)
        guard content.width >= 8, content.height >= 2 else { return }
        guard !norms.isEmpty || !rows.isEmpty else {
            Centered("waiting for the first update…", style: .dim).draw(in: content, grid: &grid)
            return
        }
        let barScale = scale(forRow: norms)
        let stepLabels = heatRowSources(rows: content.height).map { stepLabel($0) }
        let gutter = 1 + (barLabels(barScale) + ["r_k", "↑step"] + stepLabels).map { $0.unicodeScalars.count }.max()!
        let plotWidth = content.width - gutter
        guard plotWidth >= 2 else { return }
        let map = ColumnMap(itemCount: span, available: plotWidth, maxColumnsPerItem: 8)
        let left = content.x + gutter + (plotWidth - map.usedColumns)
        let painter = Painter(panel: self, map: map, left: left, gutterX: content.x, gutter: gutter, barScale: barScale)

        if content.height < 6 {
            let (bars, axis) = content.splitBottom(1)
            painter.drawBars(in: bars, grid: &grid)
            painter.drawAxis(y: axis.y, grid: &grid)
            return
        }
        // Top to bottom: heat map, a separating axis, bars, r_k, the step axis, the key (two rows
        // when there is height: the colour key, then r_k's own scale).
        let keyRows = content.height >= 10 ? 2 : 1
        let rows = content.split(.vertical, [.fill, .length(1), .length(1), .length(keyRows)])
        let (reachRow, axisRow, keyArea) = (rows[1], rows[2], rows[3])
        // The bars take half of what is above r_k, 2 to 6 rows; the heat map the rest.
        let heatAndBars = rows[0].split(.vertical, [.fill, .ratio(1, 2).atLeast(2).atMost(6)])
        let barArea = heatAndBars[1]
        // The separating axis only when the heat map keeps at least two rows.
        let separated = heatAndBars[0].height >= 3
        let heat = heatAndBars[0].split(.vertical, [.fill, .length(separated ? 1 : 0)])
        let (heatArea, ruleRow) = (heat[0], heat[1])
        painter.drawHeat(in: heatArea, grid: &grid)
        if separated { painter.drawRule(y: ruleRow.y, heatRows: heatArea.height, grid: &grid) }
        painter.drawBars(in: barArea, grid: &grid)
        painter.drawReach(y: reachRow.y, grid: &grid)
        painter.drawAxis(y: axisRow.y, grid: &grid)
        painter.drawKey(in: keyArea, grid: &grid)
    }

    /// The colour scale of one row of norms: the fixed decades, or the row's own.
    func scale(forRow row: [Double]) -> HeatScale {
        switch colorScale {
        case .fixedDecades: return .fixedDecades
        case .perRow: return HeatScale.perRow(row) ?? .fixedDecades
        }
    }

    /// The bar chart's end labels (top, bottom): decades, or "max" and "max/1e8" per row.
    func barLabels(_ scale: HeatScale) -> [String] {
        switch colorScale {
        case .fixedDecades: return [NumberFormat.decade(scale.highDecade), NumberFormat.decade(scale.lowDecade)]
        case .perRow: return ["max", "÷1e\(scale.highDecade - scale.lowDecade)"]
        }
    }

    /// Which history rows the heat map shows in `rows` lines: all when they fit, else evenly spaced
    /// ones ending with the newest.
    func heatRowSources(rows: Int) -> [Int] {
        let n = self.rows.count
        let m = min(n, max(0, rows))
        guard m > 0 else { return [] }
        return (0..<m).map { n <= m ? $0 : ((($0 + 1) * n) / m) - 1 }
    }

    private func stepLabel(_ historyIndex: Int) -> String {
        guard gradient.historySteps.indices.contains(historyIndex) else { return "" }
        return NumberFormat.compact(Double(gradient.historySteps[historyIndex]))
    }

    /// Draws the parts of the panel with one shared column map.
    private struct Painter {
        let panel: GradientPanel
        let map: ColumnMap
        let left: Int
        let gutterX: Int
        let gutter: Int
        let barScale: HeatScale

        /// Value of `row` (a window of norms, last step last) in column `column`: the largest in the
        /// column's steps, NaN if any is NaN, nil when the row has none there.
        func value(_ row: [Double], column: Int) -> Double? {
            var result: Double?
            for item in map.items(inColumn: column) {
                let back = map.itemCount - 1 - item
                let t = row.count - 1 - back
                guard t >= 0 && t < row.count else { continue }
                let v = row[t]
                if v.isNaN { return .nan }
                result = max(result ?? -.infinity, v)
            }
            return result
        }

        /// The most telling region among a column's steps (output over pass-through over beyond).
        func region(column: Int) -> Region {
            var best = Region.beyond
            for item in map.items(inColumn: column) {
                let r = panel.region(back: map.itemCount - 1 - item)
                if r == .output { return .output }
                if r == .passThrough { best = .passThrough }
            }
            return best
        }

        func label(_ text: String, y: Int, style: StyleID = .axis, grid: inout CellGrid) {
            grid.put(text, x: gutterX + gutter - 1 - text.unicodeScalars.count, y: y, style: style)
        }

        func drawHeat(in area: Rect, grid: inout CellGrid) {
            let sources = panel.heatRowSources(rows: area.height)
            let top = area.maxY - sources.count
            for (j, source) in sources.enumerated() {
                let row = panel.rows[source]
                let scale = panel.scale(forRow: row)
                let y = top + j
                for column in 0..<map.usedColumns {
                    if let v = value(row, column: column) {
                        grid[left + column, y] = scale.cell(v, useColor: panel.useColor)
                    } else if region(column: column) == .beyond {
                        grid[left + column, y] = Cell("╱", style: .truncated)
                    }
                }
            }
            // The rows' update steps, titled when there is a row for the title.
            guard let first = sources.first else { return }
            if sources.count >= 3 {
                label("step", y: top, style: .dim, grid: &grid)
                label(panel.stepLabel(sources[1]), y: top + 1, grid: &grid)
            } else {
                label(panel.stepLabel(first), y: top, grid: &grid)
            }
            if sources.count > 1, let last = sources.last { label(panel.stepLabel(last), y: area.maxY - 1, grid: &grid) }
        }

        /// The line between the heat map and the bars; it titles the heat map's step labels when the
        /// heat map had no row to spare for the title.
        func drawRule(y: Int, heatRows: Int, grid: inout CellGrid) {
            for column in 0..<map.usedColumns { grid[left + column, y] = Cell("─", style: .border) }
            if panel.heatRowSources(rows: heatRows).count < 3 { label("↑step", y: y, style: .dim, grid: &grid) }
        }

        func drawBars(in area: Rect, grid: inout CellGrid) {
            let values: [BarValue] = (0..<map.usedColumns).map { column in
                guard let v = value(panel.norms, column: column) else { return .empty }
                guard v.isFinite, let fraction = barScale.fraction(v), let level = barScale.level(v) else { return .invalid }
                let style: StyleID = region(column: column) == .passThrough ? .truncated : .heatInk(level)
                return .bar(fraction: fraction, style: style)
            }
            LogBars(values: values).draw(in: Rect(x: left, y: area.y, width: area.maxX - left, height: area.height), grid: &grid)
            let ends = panel.barLabels(barScale)
            label(ends[0], y: area.y, grid: &grid)
            if area.height > 1 { label(ends[1], y: area.maxY - 1, grid: &grid) }
        }

        /// r_k, k steps back from the last output, as one row of eighth blocks in its own colour and
        /// on its own log scale (labelled in the key).
        var reachScale: HeatScale { HeatScale.fitting(panel.gradient.reach) }

        func drawReach(y: Int, grid: inout CellGrid) {
            let lastStepLast = Array(panel.gradient.reach.reversed())
            for column in 0..<map.usedColumns {
                if let v = value(lastStepLast, column: column) {
                    guard v.isFinite, let f = reachScale.fraction(v) else {
                        grid[left + column, y] = Cell("!", style: .error)
                        continue
                    }
                    let eighths = LogBars.eighthsTall(f, rows: 1)
                    grid[left + column, y] = Cell(LogBars.eighths[min(8, eighths)], style: .reach)
                } else if region(column: column) == .beyond {
                    grid[left + column, y] = Cell("×", style: .truncated)
                }
            }
            label("r_k", y: y, style: .reach, grid: &grid)
        }

        /// The regions of the window (k2 pass-through ┄, k1 outputs ─, beyond ×) and the dependency.
        func drawAxis(y: Int, grid: inout CellGrid) {
            var spans: [(region: Region, start: Int, end: Int)] = []
            for column in 0..<map.usedColumns {
                let r = region(column: column)
                let cell: Cell
                switch r {
                case .output: cell = Cell("─", style: .axis)
                case .passThrough: cell = Cell("┄", style: .truncated)
                case .beyond: cell = Cell(" ", style: .truncated)
                }
                grid[left + column, y] = cell
                if let last = spans.last, last.region == r { spans[spans.count - 1].end = column + 1 }
                else { spans.append((r, column, column + 1)) }
            }
            var dColumn: Int?
            if let d = panel.snapshot.dependencyDistance, d >= 0, d < map.itemCount {
                dColumn = map.column(ofItem: map.itemCount - 1 - d)
            }
            let blocks = panel.snapshot.truncation != .off
            for span in spans {
                let text: String
                switch span.region {
                case .output: text = blocks ? "k1" : "sentence"
                case .passThrough: text = "k2"
                case .beyond: text = "cut"
                }
                let length = text.unicodeScalars.count
                // Centred in the span, else beside the d marker, never touching it.
                var candidates = [span.start + (span.end - span.start - length) / 2]
                if let dColumn { candidates += [dColumn + 2, dColumn - 1 - length] }
                let start = candidates.first { start in
                    start >= span.start + 1 && start + length <= span.end - 1
                        && (dColumn.map { $0 < start - 1 || $0 > start + length } ?? true)
                }
                guard let start else { continue }
                let style: StyleID = span.region == .output ? .axis : .truncated
                grid.put(text, x: left + start, y: y, style: style)
            }
            if let dColumn, let d = panel.snapshot.dependencyDistance {
                let reached = panel.snapshot.truncation.reaches(d) && d < panel.window
                grid[left + dColumn, y] = Cell("d", style: reached ? .good : .error)
            }
            label("t", y: y, grid: &grid)
        }

        /// The colour (or glyph) scale with its ends, the update's totals, and r_k's scale (on a row of
        /// its own when there are two).
        func drawKey(in area: Rect, grid: inout CellGrid) {
            let row = area.y
            grid.put("key", x: area.x, y: row, style: .dim)
            var x = gutterX + gutter
            let fixed = panel.colorScale == .fixedDecades
            let lowLabel = (fixed ? "≤" + NumberFormat.decade(barScale.lowDecade) : "÷1e\(barScale.highDecade - barScale.lowDecade)") + " "
            grid.put(lowLabel, x: x, y: row, style: .axis)
            x += lowLabel.unicodeScalars.count
            for level in 0..<HeatScale.levels {
                let glyph = panel.useColor ? "█" : HeatScale.monochromeGlyphs[level]
                grid[x, row] = Cell(glyph, style: .heat(level))
                x += 1
            }
            let highLabel = " " + (fixed ? "≥" + NumberFormat.decade(barScale.highDecade) : "row max")
            grid.put(highLabel, x: x, y: row, style: .axis)
            x += highLabel.unicodeScalars.count
            let g = panel.gradient
            // ρ(W) is Elman's: a gated cell's W holds its gates. There the gates' mean activity says what
            // the cell keeps, and leads (at 80 columns it is the one stat with room).
            let gates = g.gateMeans.map { $0.gate + " " + NumberFormat.fixed($0.mean, decimals: 2) }
            var stats = panel.snapshot.cell == .elman
                ? ["Σ " + NumberFormat.compact(g.totalNorm), "ρ(W) " + NumberFormat.fixed(g.spectralRadius, decimals: 2)]
                : gates + ["Σ " + NumberFormat.compact(g.totalNorm)]
            let clip = g.clippedUpdates > 0 ? "clip \(g.clippedUpdates)" : nil
            // On one row the clip count competes for room; with two it leads the second (it says that
            // clipping acted, which the exploding story needs).
            if let clip, area.height < 2 { stats.append(clip) }
            let reachText = "r_k ▁" + NumberFormat.decade(reachScale.lowDecade) + " █" + NumberFormat.decade(reachScale.highDecade)
            if area.height < 2 { stats.append(reachText) }
            var shown = 0
            for stat in stats {
                let text = "  " + stat
                guard x + text.unicodeScalars.count <= area.maxX else { break }
                let style: StyleID = stat.hasPrefix("clip") ? .warning : stat.hasPrefix("r_k") ? .reach : .dim
                grid.put(text, x: x, y: row, style: style)
                x += text.unicodeScalars.count
                shown += 1
            }
            guard area.height >= 2 else { return }
            var second = gutterX + gutter
            // A gated cell's gates can push Σ off the first row: it leads the second then.
            if let sigma = stats.dropFirst(shown).first(where: { $0.hasPrefix("Σ") }) {
                grid.put(sigma + "  ", x: second, y: row + 1, style: .dim)
                second += sigma.unicodeScalars.count + 2
            }
            if let clip {
                grid.put(clip + "  ", x: second, y: row + 1, style: .warning)
                second += clip.unicodeScalars.count + 2
            }
            grid.putClipped(reachText + " (own log scale) · g colours", x: second, y: row + 1, style: .reach,
                            maxWidth: area.maxX - second)
        }
    }
}
