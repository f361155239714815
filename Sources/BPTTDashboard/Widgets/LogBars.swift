/// What one column of a bar chart shows.
enum BarValue: Equatable {
    case empty
    /// Height as a fraction of the chart in [0, 1]; a positive value never vanishes completely.
    case bar(fraction: Double, style: StyleID)
    /// NaN or infinite: an error mark at the top.
    case invalid
}

/// Vertical bars in eighth-block resolution (▁▂▃▄▅▆▇█), one value per column from the area's left
/// edge, bottom-aligned; values beyond the area's width are left out.
struct LogBars: Widget {
    var values: [BarValue]

    static let eighths: [Unicode.Scalar] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Bar height in eighths of a cell for a fraction of `rows` rows (at least one eighth).
    static func eighthsTall(_ fraction: Double, rows: Int) -> Int {
        let f = fraction.isFinite ? min(1, max(0, fraction)) : 0
        return max(1, Int((f * Double(rows * 8)).rounded()))
    }

    func draw(in rect: Rect, grid: inout CellGrid) {
        guard rect.height > 0 else { return }
        for (i, value) in values.enumerated() {
            let x = rect.x + i
            guard x < rect.maxX else { break }
            switch value {
            case .empty:
                continue
            case .invalid:
                grid[x, rect.y] = Cell("!", style: .error)
            case .bar(let fraction, let style):
                var remaining = Self.eighthsTall(fraction, rows: rect.height)
                var y = rect.maxY - 1
                while remaining > 0 && y >= rect.y {
                    grid[x, y] = Cell(Self.eighths[min(8, remaining)], style: style)
                    remaining -= 8
                    y -= 1
                }
            }
        }
    }
}
