/// How a picture of the screen draws the glyphs whose look depends on the font: braille as dots, box
/// drawing as lines, block elements as rectangles. Everything else is text.
enum GlyphShape: Equatable {
    /// Braille: the raised dots as (column 0-1, row 0-3).
    case dots([(Int, Int)])
    /// Lines from the cell's centre to its edges: weights 0 (none), 1 (light), 2 (heavy) for up,
    /// down, left, right; `dashed` for ┄ ┊ and friends.
    case box(up: Int, down: Int, left: Int, right: Int, dashed: Bool)
    /// A diagonal: ╱ rising (bottom-left to top-right), ╲ falling, ╳ both.
    case diagonal(rising: Bool, falling: Bool)
    /// A filled rectangle in cell fractions (x, y from the top-left, width, height) at an opacity
    /// (the shade blocks ░▒▓ are partial fills).
    case block(x: Double, y: Double, width: Double, height: Double, opacity: Double)
    case text

    static func == (a: GlyphShape, b: GlyphShape) -> Bool {
        switch (a, b) {
        case (.dots(let x), .dots(let y)): return x.map { [$0.0, $0.1] } == y.map { [$0.0, $0.1] }
        case let (.box(a1, a2, a3, a4, a5), .box(b1, b2, b3, b4, b5)): return (a1, a2, a3, a4, a5) == (b1, b2, b3, b4, b5)
        case let (.diagonal(a1, a2), .diagonal(b1, b2)): return a1 == b1 && a2 == b2
        case let (.block(a1, a2, a3, a4, a5), .block(b1, b2, b3, b4, b5)): return (a1, a2, a3, a4, a5) == (b1, b2, b3, b4, b5)
        case (.text, .text): return true
        default: return false
        }
    }

    // Braille bit i is the dot at this (column, row): dots 1-3 down the left, 4-6 down the right, 7, 8.
    private static let brailleDots: [(Int, Int)] = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (0, 3), (1, 3)]

    // (up, down, left, right, dashed) for the box-drawing characters the dashboard uses and their kin.
    private static let boxes: [UInt32: (Int, Int, Int, Int, Bool)] = [
        0x2500: (0, 0, 1, 1, false), 0x2501: (0, 0, 2, 2, false), 0x2502: (1, 1, 0, 0, false), 0x2503: (2, 2, 0, 0, false),
        0x2504: (0, 0, 1, 1, true), 0x2505: (0, 0, 2, 2, true), 0x2506: (1, 1, 0, 0, true), 0x2507: (2, 2, 0, 0, true),
        0x2508: (0, 0, 1, 1, true), 0x2509: (0, 0, 2, 2, true), 0x250A: (1, 1, 0, 0, true), 0x250B: (2, 2, 0, 0, true),
        0x250C: (0, 1, 0, 1, false), 0x2510: (0, 1, 1, 0, false), 0x2514: (1, 0, 0, 1, false), 0x2518: (1, 0, 1, 0, false),
        0x251C: (1, 1, 0, 1, false), 0x2524: (1, 1, 1, 0, false), 0x252C: (0, 1, 1, 1, false), 0x2534: (1, 0, 1, 1, false),
        0x253C: (1, 1, 1, 1, false), 0x254C: (0, 0, 1, 1, true), 0x254E: (1, 1, 0, 0, true),
        0x2574: (0, 0, 1, 0, false), 0x2575: (1, 0, 0, 0, false), 0x2576: (0, 0, 0, 1, false), 0x2577: (0, 1, 0, 0, false),
    ]

    static func of(_ scalar: Unicode.Scalar) -> GlyphShape {
        let v = scalar.value
        switch v {
        case 0x2800...0x28FF:
            let bits = v - 0x2800
            return .dots((0..<8).filter { bits & (1 << UInt32($0)) != 0 }.map { brailleDots[$0] })
        case 0x2571: return .diagonal(rising: true, falling: false)
        case 0x2572: return .diagonal(rising: false, falling: true)
        case 0x2573: return .diagonal(rising: true, falling: true)
        case 0x2580: return .block(x: 0, y: 0, width: 1, height: 0.5, opacity: 1)
        case 0x2581...0x2588:
            let h = Double(v - 0x2580) / 8
            return .block(x: 0, y: 1 - h, width: 1, height: h, opacity: 1)
        case 0x2589...0x258F:
            return .block(x: 0, y: 0, width: Double(0x2590 - v) / 8, height: 1, opacity: 1)
        case 0x2590: return .block(x: 0.5, y: 0, width: 0.5, height: 1, opacity: 1)
        case 0x2591...0x2593: return .block(x: 0, y: 0, width: 1, height: 1, opacity: Double(v - 0x2590) / 4)
        case 0x2594: return .block(x: 0, y: 0, width: 1, height: 0.125, opacity: 1)
        default:
            if let b = boxes[v] { return .box(up: b.0, down: b.1, left: b.2, right: b.3, dashed: b.4) }
            return .text
        }
    }
}
