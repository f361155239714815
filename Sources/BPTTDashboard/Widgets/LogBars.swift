/// What one column of a bar chart shows.
enum BarValue: Equatable {
    case empty
    /// Height as a fraction of the chart in [0, 1]; a positive value never vanishes completely.
    case bar(fraction: Double, style: StyleID)
    /// NaN or infinite: an error mark at the top.
    case invalid
}

/// Vertical bars in eighth-block resolution (▁▂▃▄▅▆▇█), one value per column, bottom-aligned.
enum LogBars {
    static let eighths: [Unicode.Scalar] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Bar height in eighths of a cell for a fraction of `rows` rows (at least one eighth).
    static func eighthsTall(_ fraction: Double, rows: Int) -> Int {
        let f = fraction.isFinite ? min(1, max(0, fraction)) : 0
        return max(1, Int((f * Double(rows * 8)).rounded()))
    }

    static func draw(_ values: [BarValue], left: Int, in rect: Rect, grid: inout CellGrid) {
        guard rect.height > 0 else { return }
        for (i, value) in values.enumerated() {
            let x = left + i
            guard x >= rect.x, x < rect.maxX else { continue }
            switch value {
            case .empty:
                continue
            case .invalid:
                grid[x, rect.y] = Cell("!", style: .error)
            case .bar(let fraction, let style):
                var remaining = eighthsTall(fraction, rows: rect.height)
                var y = rect.maxY - 1
                while remaining > 0 && y >= rect.y {
                    grid[x, y] = Cell(eighths[min(8, remaining)], style: style)
                    remaining -= 8
                    y -= 1
                }
            }
        }
    }
}
