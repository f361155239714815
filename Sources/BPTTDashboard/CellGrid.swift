/// A style id names what a cell shows (a role), not how: the terminal backend maps it to colours and
/// attributes, or to attributes only when colour is off (NO_COLOR or a monochrome terminal).
public struct StyleID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let normal = StyleID(rawValue: 0)
    public static let dim = StyleID(rawValue: 1)
    public static let bold = StyleID(rawValue: 2)
    public static let border = StyleID(rawValue: 3)
    public static let title = StyleID(rawValue: 4)
    public static let focused = StyleID(rawValue: 5)
    public static let axis = StyleID(rawValue: 6)
    public static let trainLoss = StyleID(rawValue: 7)
    public static let trainLossRaw = StyleID(rawValue: 8)
    public static let validLoss = StyleID(rawValue: 9)
    public static let reference = StyleID(rawValue: 10)
    public static let marker = StyleID(rawValue: 11)
    public static let naive = StyleID(rawValue: 12)
    public static let optimized = StyleID(rawValue: 13)
    public static let good = StyleID(rawValue: 14)
    public static let warning = StyleID(rawValue: 15)
    public static let error = StyleID(rawValue: 16)
    public static let statusBar = StyleID(rawValue: 17)
    public static let key = StyleID(rawValue: 18)
    public static let truncated = StyleID(rawValue: 19)
    /// The reach profile r_k: one colour of its own, apart from the heat ramp (it has its own scale).
    public static let reach = StyleID(rawValue: 20)
    /// The built-in language's recall loss (the repeated key) and the loss on everything else.
    public static let recallLoss = StyleID(rawValue: 21)
    public static let otherLoss = StyleID(rawValue: 22)
    /// Run B's curve on the shared loss chart of two runs (run A keeps the single run's colour).
    public static let compareRun = StyleID(rawValue: 23)
    /// Heat-map ramp, cold to hot: `heat(0)` ... `heat(heatLevels - 1)`.
    public static let heatLevels = 8
    public static func heat(_ level: Int) -> StyleID {
        StyleID(rawValue: 32 + UInt8(max(0, min(heatLevels - 1, level))))
    }

    /// The heat ramp as ink only (foreground colour on the normal background), for bars whose
    /// partial blocks ▁▄▆ must keep their shape: `heat(level)` paints the whole cell.
    public static func heatInk(_ level: Int) -> StyleID {
        StyleID(rawValue: 48 + UInt8(max(0, min(heatLevels - 1, level))))
    }

    public var description: String { "style(\(rawValue))" }
}

/// One terminal cell: a single-column Unicode scalar and its style.
public struct Cell: Equatable, Sendable {
    public var scalar: Unicode.Scalar
    public var style: StyleID
    public init(_ scalar: Unicode.Scalar = " ", style: StyleID = .normal) {
        self.scalar = scalar
        self.style = style
    }
    public static let blank = Cell()
}

/// A rectangle of cells that widgets draw into: the whole screen is a pure function into one of these
/// (like ratatui's Buffer), and only the terminal backend turns it into ncurses calls.
public struct CellGrid: Equatable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Out-of-range reads give a blank cell and writes are ignored, so widgets never need to clip.
    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x: x, y: y) ? cells[y * width + x] : .blank }
        set { if contains(x: x, y: y) { cells[y * width + x] = newValue } }
    }

    /// Writes `text` from (x, y) rightwards, clipped to the grid and to `maxWidth` columns.
    /// Characters that do not occupy exactly one column are replaced so the layout never shifts.
    public mutating func put(_ text: String, x: Int, y: Int, style: StyleID = .normal, maxWidth: Int = .max) {
        var column = x
        for scalar in text.unicodeScalars {
            if column - x >= maxWidth || column >= width { break }
            self[column, y] = Cell(CellGrid.singleColumn(scalar), style: style)
            column += 1
        }
    }

    /// Sets the style of an existing run of cells without touching their characters.
    public mutating func restyle(x: Int, y: Int, width count: Int, style: StyleID) {
        for column in x..<(x + max(0, count)) where contains(x: column, y: y) {
            cells[y * width + column].style = style
        }
    }

    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, with cell: Cell) {
        for row in y..<(y + max(0, h)) {
            for column in x..<(x + max(0, w)) { self[column, row] = cell }
        }
    }

    /// The text of row y, trailing spaces kept (used by snapshot tests and the tmux test).
    public func line(_ y: Int) -> String {
        guard y >= 0 && y < height else { return "" }
        var s = String.UnicodeScalarView()
        for x in 0..<width { s.append(cells[y * width + x].scalar) }
        return String(s)
    }

    /// All rows joined by newlines.
    public var text: String { (0..<height).map(line).joined(separator: "\n") }

    /// Control characters, combining marks and East Asian wide characters would break the grid:
    /// show them as a replacement glyph of width one.
    static func singleColumn(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        // Fast path for what the dashboard draws most: printable ASCII, box drawing, blocks, braille.
        if (0x20..<0x7F).contains(v) || (0x2500...0x259F).contains(v) || (0x2800...0x28FF).contains(v) {
            return scalar
        }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return "·" }
        let props = scalar.properties
        if props.generalCategory == .nonspacingMark || props.generalCategory == .enclosingMark { return "·" }
        // Wide ranges: CJK, Hangul, full-width forms, emoji.
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v) {
            return "?"
        }
        return scalar
    }
}
