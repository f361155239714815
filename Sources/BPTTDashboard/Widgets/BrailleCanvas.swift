/// A drawing surface of braille dots: each cell holds 2 x 4 dots (U+2800 + dot bits), so a chart gets
/// twice the columns and four times the rows of its cells. A cell takes the style of the last series
/// that put a dot in it; draw faint series first.
struct BrailleCanvas: Widget {
    let width: Int
    let height: Int
    private(set) var bits: [UInt8]
    private(set) var styles: [StyleID]

    var dotWidth: Int { width * 2 }
    var dotHeight: Int { height * 4 }

    /// Dot bit for (column 0/1, row 0...3) within a cell, in Unicode braille order (dots 1-8).
    static let dotBits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        bits = Array(repeating: 0, count: self.width * self.height)
        styles = Array(repeating: .normal, count: self.width * self.height)
    }

    static func glyph(_ bits: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(0x2800 + UInt32(bits))!
    }

    /// Sets the dot at (x, y) in dot coordinates, (0, 0) top left; outside dots are ignored.
    mutating func set(x: Int, y: Int, style: StyleID) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let index = (y / 4) * width + x / 2
        bits[index] |= BrailleCanvas.dotBits[y % 4][x % 2]
        styles[index] = style
    }

    /// A straight line of dots (Bresenham), ends included. Far-off ends are clipped per dot, so the
    /// caller clamps coordinates to a sane range first.
    mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), style: StyleID) {
        var x = a.x, y = a.y
        let dx = abs(b.x - a.x), dy = -abs(b.y - a.y)
        let sx = a.x < b.x ? 1 : -1, sy = a.y < b.y ? 1 : -1
        var error = dx + dy
        while true {
            set(x: x, y: y, style: style)
            if x == b.x && y == b.y { break }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }

    func isEmpty(column: Int, row: Int) -> Bool {
        guard column >= 0, row >= 0, column < width, row < height else { return true }
        return bits[row * width + column] == 0
    }

    /// Copies the cells that have dots onto the grid from the area's top left (clipped to the area);
    /// empty cells keep whatever the grid had (axes, markers).
    func draw(in area: Rect, grid: inout CellGrid) {
        for row in 0..<min(height, area.height) {
            for column in 0..<min(width, area.width) {
                let i = row * width + column
                if bits[i] != 0 {
                    grid[area.x + column, area.y + row] = Cell(BrailleCanvas.glyph(bits[i]), style: styles[i])
                }
            }
        }
    }
}
