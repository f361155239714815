struct ChartPoint: Equatable, Sendable {
    var x: Double
    var y: Double
}

/// One curve of a line chart. With `glyph` the points are drawn as that character, unjoined
/// (validation points), at most one every `glyphSpacing` columns (the latest wins), and curves drawn
/// after them stay on top; with `label` the curve's name is written at its last point.
struct ChartSeries {
    var points: [ChartPoint]
    var style: StyleID
    var glyph: Unicode.Scalar? = nil
    var label: String? = nil
    var glyphSpacing: Int = 1
}

/// A dashed horizontal reference line (a loss floor) with its label at the right edge of the plot.
struct ChartRule {
    var y: Double
    var label: String
    var style: StyleID = .marker
}

/// A vertical line at x with a short label at the top of the plot (control changes, current window).
struct ChartMarker {
    var x: Double
    var label: String
    var style: StyleID = .marker
}

/// A braille line chart with a y axis (tick labels on the left), an x axis (ticks below) and markers.
/// Series are drawn in order, so faint ones go first.
struct LineChart: Widget {
    var xAxis: AxisSpec
    var yAxis: AxisSpec
    var series: [ChartSeries]
    var markers: [ChartMarker] = []
    var rules: [ChartRule] = []
    /// The x axis's name, at the right end of the tick-label row when it is free.
    var xTitle: String? = nil
    /// Faint curves that rule labels may be written over (the raw train loss under its average).
    var labelsMayCover: Set<StyleID> = [.trainLossRaw]

    /// Rows below the plot for the x axis: the axis line and its labels when there is height for both.
    static func axisRows(forHeight height: Int) -> Int { height >= 4 ? 2 : 0 }

    func draw(in rect: Rect, grid: inout CellGrid) {
        let labelWidth = yAxis.ticks.map { $0.label.unicodeScalars.count }.max() ?? 0
        let axisRows = LineChart.axisRows(forHeight: rect.height)
        let (plotArea, xAxisArea) = rect.splitBottom(axisRows)
        let (_, plotAndAxis) = plotArea.splitLeft(labelWidth)
        let (axisColumn, plot) = plotAndAxis.splitLeft(1)
        guard plot.width >= 2, plot.height >= 1 else { return }
        var canvas = BrailleCanvas(width: plot.width, height: plot.height)

        drawYAxis(plot: plot, axisX: axisColumn.x, labelWidth: labelWidth, grid: &grid)
        if axisRows > 0 { drawXAxis(plot: plot, area: xAxisArea, axisX: axisColumn.x, grid: &grid) }
        let markerColumns = markers.compactMap { marker in column(of: marker.x, canvas: canvas).map { (marker, $0) } }
        for (marker, column) in markerColumns {
            for row in plot.y..<plot.maxY { grid[plot.x + column, row] = Cell("┊", style: marker.style) }
        }
        let ruleRows = drawRules(plot: plot, grid: &grid)

        // `canvas` collects every curve (to keep labels off them); `layer` is what is drawn next:
        // a glyph series flushes it, so the curves after it are drawn over its glyphs.
        var layer = BrailleCanvas(width: plot.width, height: plot.height)
        var labels: [(x: Int, y: Int, text: String, style: StyleID)] = []
        var glyphCells: Set<Int> = []
        for series in series {
            if let glyph = series.glyph {
                layer.draw(in: plot, grid: &grid)
                layer = BrailleCanvas(width: plot.width, height: plot.height)
                for cell in glyphPositions(series, canvas: canvas) {
                    grid[plot.x + cell.x, plot.y + cell.y] = Cell(glyph, style: series.style)
                    glyphCells.insert(cell.y * plot.width + cell.x)
                }
                continue
            }
            var previous: (x: Int, y: Int)?
            var last: (x: Int, y: Int)?
            // Many points share a dot column: draw each column's run of points as one vertical span
            // (min..max), so the cost follows the canvas size, not the series length.
            var column: (x: Int, low: Int, high: Int)?
            func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int)) {
                canvas.line(from: a, to: b, style: series.style)
                layer.line(from: a, to: b, style: series.style)
            }
            func flush() {
                guard let c = column else { return }
                line(from: (c.x, c.low), to: (c.x, c.high))
            }
            for point in series.points {
                guard let dot = dot(point, canvas: canvas) else { flush(); column = nil; previous = nil; continue }
                if let c = column, c.x == dot.x {
                    column = (c.x, min(c.low, dot.y), max(c.high, dot.y))
                } else {
                    flush()
                    line(from: previous ?? dot, to: dot)
                    column = (dot.x, dot.y, dot.y)
                }
                previous = dot
                last = dot
            }
            flush()
            if let label = series.label, let last {
                labels.append((last.x / 2, last.y / 4, label, series.style))
            }
        }
        layer.draw(in: plot, grid: &grid)
        for label in labels { drawLabel(label, plot: plot, canvas: canvas, glyphCells: glyphCells, grid: &grid) }
        drawMarkerLabels(markerColumns, plot: plot, canvas: canvas, grid: &grid)
        drawRuleLabels(ruleRows, plot: plot, canvas: canvas, glyphCells: glyphCells, grid: &grid)
    }

    /// The cells of a glyph series: one per `glyphSpacing` columns, the latest point of each group.
    private func glyphPositions(_ series: ChartSeries, canvas: BrailleCanvas) -> [(x: Int, y: Int)] {
        let spacing = max(1, series.glyphSpacing)
        var byGroup: [Int: (x: Int, y: Int)] = [:]
        var order: [Int] = []
        for point in series.points {
            guard let dot = dot(point, canvas: canvas) else { continue }
            let cell = (x: dot.x / 2, y: dot.y / 4)
            guard cell.x >= 0, cell.x < canvas.width, cell.y >= 0, cell.y < canvas.height else { continue }
            let group = cell.x / spacing
            if byGroup[group] == nil { order.append(group) }
            byGroup[group] = cell
        }
        return order.map { byGroup[$0]! }
    }

    /// Dashed rules in braille (a dash of two dots, a gap of two), under everything else; returns
    /// the cell row of each rule inside the plot.
    private func drawRules(plot: Rect, grid: inout CellGrid) -> [(ChartRule, Int)] {
        var canvas = BrailleCanvas(width: plot.width, height: plot.height)
        var rows: [(ChartRule, Int)] = []
        for rule in rules {
            guard let dot = dot(ChartPoint(x: xAxis.lo, y: rule.y), canvas: canvas),
                  dot.y >= 0, dot.y < canvas.dotHeight else { continue }
            for x in stride(from: 0, to: canvas.dotWidth, by: 4) {
                canvas.line(from: (x, dot.y), to: (min(x + 1, canvas.dotWidth - 1), dot.y), style: rule.style)
            }
            rows.append((rule, dot.y / 4))
        }
        canvas.draw(in: plot, grid: &grid)
        return rows
    }

    /// Each rule's label at the right edge: on its own row, else just above or below, where no curve,
    /// glyph or marker is; slid left along the row when a spike sits at the edge; left out when there
    /// is no such place.
    private func drawRuleLabels(_ rules: [(ChartRule, Int)], plot: Rect, canvas: BrailleCanvas, glyphCells: Set<Int>,
                                grid: inout CellGrid) {
        var taken: Set<Int> = []
        func free(column: Int, row: Int) -> Bool {
            let scalar = grid[plot.x + column, plot.y + row].scalar
            let curve = !canvas.isEmpty(column: column, row: row)
                && !labelsMayCover.contains(canvas.styles[row * canvas.width + column])
            return !curve && !glyphCells.contains(row * plot.width + column)
                && (scalar == " " || (0x2800...0x28FF).contains(scalar.value))
        }
        let lowest = rules.map(\.1).max()
        for (rule, row) in rules {
            let length = rule.label.unicodeScalars.count
            guard plot.width - length >= 0 else { continue }
            // Off its row, a label moves away from the other rules: the lowest one down, the others up.
            let rows = rules.count > 1 && row == lowest ? [row, row + 1, row - 1] : [row, row - 1, row + 1]
            placing: for y in rows where y >= 0 && y < plot.height && !taken.contains(y) {
                for x in stride(from: plot.width - length, through: 0, by: -1)
                where (x..<(x + length)).allSatisfy({ free(column: $0, row: y) }) {
                    grid.put(rule.label, x: plot.x + x, y: plot.y + y, style: rule.style)
                    taken.insert(y)
                    break placing
                }
            }
        }
    }

    /// Dot coordinates of a point, clamped a little beyond the canvas so lines leave it at the edge.
    private func dot(_ point: ChartPoint, canvas: BrailleCanvas) -> (x: Int, y: Int)? {
        guard let fx = xAxis.fraction(point.x), let fy = yAxis.fraction(point.y) else { return nil }
        let x = (fx * Double(canvas.dotWidth - 1)).rounded()
        let y = ((1 - fy) * Double(canvas.dotHeight - 1)).rounded()
        let limit = Double(4 * max(canvas.dotWidth, canvas.dotHeight))
        return (Int(min(limit, max(-limit, x))), Int(min(limit, max(-limit, y))))
    }

    private func column(of x: Double, canvas: BrailleCanvas) -> Int? {
        guard let fx = xAxis.fraction(x), fx >= 0, fx <= 1 else { return nil }
        return Int((fx * Double(canvas.dotWidth - 1)).rounded()) / 2
    }

    private func drawYAxis(plot: Rect, axisX: Int, labelWidth: Int, grid: inout CellGrid) {
        for row in plot.y..<plot.maxY { grid[axisX, row] = Cell("│", style: .axis) }
        var usedRows = Set<Int>()
        for tick in yAxis.ticks {
            guard let f = yAxis.fraction(tick.value), f >= -1e-9, f <= 1 + 1e-9 else { continue }
            let row = plot.y + Int(((1 - f) * Double(plot.height * 4 - 1)).rounded()) / 4
            guard !usedRows.contains(row) else { continue }
            usedRows.insert(row)
            grid[axisX, row] = Cell("┤", style: .axis)
            let length = tick.label.unicodeScalars.count
            grid.put(tick.label, x: axisX - length, y: row, style: .axis, maxWidth: labelWidth)
        }
    }

    private func drawXAxis(plot: Rect, area: Rect, axisX: Int, grid: inout CellGrid) {
        let lineY = area.y, labelY = area.y + 1
        grid[axisX, lineY] = Cell("└", style: .axis)
        for x in plot.x..<plot.maxX { grid[x, lineY] = Cell("─", style: .axis) }
        var nextFree = area.x
        var firstLabelStart: Int?
        for tick in xAxis.ticks {
            guard let f = xAxis.fraction(tick.value), f >= -1e-9, f <= 1 + 1e-9 else { continue }
            let column = plot.x + Int((f * Double(plot.width * 2 - 1)).rounded()) / 2
            grid[column, lineY] = Cell("┬", style: .axis)
            let length = tick.label.unicodeScalars.count
            let start = min(max(column - length / 2, area.x), area.maxX - length)
            guard start >= nextFree else { continue }
            if firstLabelStart == nil { firstLabelStart = start }
            grid.put(tick.label, x: start, y: labelY, style: .axis)
            nextFree = start + length + 1
        }
        if let title = xTitle {
            let length = title.unicodeScalars.count
            let start = area.maxX - length
            if start >= nextFree {
                grid.put(title, x: start, y: labelY, style: .dim)
            } else if length <= plot.x - area.x, firstLabelStart.map({ $0 >= area.x + length }) ?? true {
                grid.put(title, x: area.x, y: labelY, style: .dim) // under the y labels
            }
        }
    }

    /// A curve's name next to its last point, where it covers no other curve: right of the point,
    /// else above or below it, ending at it. Left out when there is no free place (the legend names it).
    private func drawLabel(_ label: (x: Int, y: Int, text: String, style: StyleID), plot: Rect,
                           canvas: BrailleCanvas, glyphCells: Set<Int>, grid: inout CellGrid) {
        let length = label.text.unicodeScalars.count
        let candidates = [(label.x + 1, label.y), (label.x - length, label.y - 1), (label.x - length, label.y + 1),
                          (label.x - length, label.y)]
        for (x, y) in candidates where x >= 0 && x + length <= plot.width && y >= 0 && y < plot.height {
            guard (x..<(x + length)).allSatisfy({ canvas.isEmpty(column: $0, row: y) && !glyphCells.contains(y * plot.width + $0) })
            else { continue }
            grid.put(label.text, x: plot.x + x, y: plot.y + y, style: label.style)
            return
        }
    }

    /// Marker labels along the top row, each clipped before the next marker and kept off the curves.
    private func drawMarkerLabels(_ markers: [(ChartMarker, Int)], plot: Rect, canvas: BrailleCanvas,
                                  grid: inout CellGrid) {
        let sorted = markers.sorted { $0.1 < $1.1 }
        for (i, (marker, column)) in sorted.enumerated() {
            let limit = i + 1 < sorted.count ? sorted[i + 1].1 : plot.width
            // The free run right of the marker; a label that does not fit ends in "…".
            var room = 0
            while column + 1 + room < limit && canvas.isEmpty(column: column + 1 + room, row: 0) { room += 1 }
            let text = TextClip.clipped(marker.label, to: room)
            grid.put(text, x: plot.x + column + 1, y: plot.y, style: marker.style)
        }
    }
}
