struct ChartPoint: Equatable, Sendable {
    var x: Double
    var y: Double
}

/// One curve of a line chart. With `glyph` the points are drawn as that character, unjoined
/// (validation points); with `label` the curve's name is written at its last point.
struct ChartSeries {
    var points: [ChartPoint]
    var style: StyleID
    var glyph: Unicode.Scalar? = nil
    var label: String? = nil
}

/// A vertical line at x with a short label at the top of the plot (control changes, current window).
struct ChartMarker {
    var x: Double
    var label: String
    var style: StyleID = .marker
}

/// A braille line chart with a y axis (tick labels on the left), an x axis (ticks below) and markers.
/// Series are drawn in order, so faint ones go first.
struct LineChart {
    var xAxis: AxisSpec
    var yAxis: AxisSpec
    var series: [ChartSeries]
    var markers: [ChartMarker] = []

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

        var glyphs: [(x: Int, y: Int, cell: Cell)] = []
        var labels: [(x: Int, y: Int, text: String, style: StyleID)] = []
        for series in series {
            var previous: (x: Int, y: Int)?
            var last: (x: Int, y: Int)?
            // Many points share a dot column: draw each column's run of points as one vertical span
            // (min..max), so the cost follows the canvas size, not the series length.
            var column: (x: Int, low: Int, high: Int)?
            func flush() {
                guard let c = column else { return }
                canvas.line(from: (c.x, c.low), to: (c.x, c.high), style: series.style)
            }
            for point in series.points {
                guard let dot = dot(point, canvas: canvas) else { flush(); column = nil; previous = nil; continue }
                if let glyph = series.glyph {
                    glyphs.append((dot.x / 2, dot.y / 4, Cell(glyph, style: series.style)))
                } else if let c = column, c.x == dot.x {
                    column = (c.x, min(c.low, dot.y), max(c.high, dot.y))
                } else {
                    flush()
                    canvas.line(from: previous ?? dot, to: dot, style: series.style)
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
        canvas.draw(into: &grid, left: plot.x, top: plot.y)
        for glyph in glyphs { grid[plot.x + glyph.x, plot.y + glyph.y] = glyph.cell }
        for label in labels { drawLabel(label, plot: plot, canvas: canvas, grid: &grid) }
        drawMarkerLabels(markerColumns, plot: plot, canvas: canvas, grid: &grid)
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
        for tick in xAxis.ticks {
            guard let f = xAxis.fraction(tick.value), f >= -1e-9, f <= 1 + 1e-9 else { continue }
            let column = plot.x + Int((f * Double(plot.width * 2 - 1)).rounded()) / 2
            grid[column, lineY] = Cell("┬", style: .axis)
            let length = tick.label.unicodeScalars.count
            let start = min(max(column - length / 2, area.x), area.maxX - length)
            guard start >= nextFree else { continue }
            grid.put(tick.label, x: start, y: labelY, style: .axis)
            nextFree = start + length + 1
        }
    }

    /// A curve's name next to its last point, where it covers no other curve: right of the point,
    /// else above or below it, ending at it. Left out when there is no free place (the legend names it).
    private func drawLabel(_ label: (x: Int, y: Int, text: String, style: StyleID), plot: Rect,
                           canvas: BrailleCanvas, grid: inout CellGrid) {
        let length = label.text.unicodeScalars.count
        let candidates = [(label.x + 1, label.y), (label.x - length, label.y - 1), (label.x - length, label.y + 1),
                          (label.x - length, label.y)]
        for (x, y) in candidates where x >= 0 && x + length <= plot.width && y >= 0 && y < plot.height {
            guard (x..<(x + length)).allSatisfy({ canvas.isEmpty(column: $0, row: y) && grid[plot.x + $0, plot.y + y].scalar != "•" })
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
            var x = column + 1
            for scalar in marker.label.unicodeScalars {
                guard x < limit, canvas.isEmpty(column: x, row: 0) else { break }
                grid[plot.x + x, plot.y] = Cell(scalar, style: marker.style)
                x += 1
            }
        }
    }
}
