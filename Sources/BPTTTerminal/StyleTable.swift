import BPTTDashboard

/// Text attributes independent of ncurses' bit values (mapped to A_* only when drawing).
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let reverse = TextAttributes(rawValue: 1 << 2)
    public static let underline = TextAttributes(rawValue: 1 << 3)
}

/// How one style looks: colour numbers (-1 is the terminal's default colour) and attributes.
public struct StyleLook: Hashable, Sendable {
    public var foreground: Int16
    public var background: Int16
    public var attributes: TextAttributes
    public init(foreground: Int16 = -1, background: Int16 = -1, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// The one place that decides how a StyleID (a role) appears, for each colour mode.
/// Heat levels paint foreground and background in the ramp colour, so a heat cell shows as a solid
/// block whatever glyph the dashboard puts in it (space, █, ▀); in monochrome the dashboard carries
/// the level with glyphs and these attributes only add emphasis.
public enum StyleTable {
    /// Every style the dashboard contract defines.
    public static let allStyles: [StyleID] = [
        .normal, .dim, .bold, .border, .title, .focused, .axis, .trainLoss, .trainLossRaw, .validLoss,
        .reference, .marker, .naive, .optimized, .good, .warning, .error, .statusBar, .key, .truncated, .reach,
        .recallLoss, .otherLoss, .compareRun,
    ] + (0..<StyleID.heatLevels).map(StyleID.heat) + (0..<StyleID.heatLevels).map(StyleID.heatInk)

    /// Unknown style ids render as `.normal`.
    public static func look(for style: StyleID, mode: ColorMode) -> StyleLook {
        if let level = heatLevel(style) {
            switch mode {
            case .monochrome: return StyleLook(attributes: monoHeat[level])
            case .basic8: return basicHeat[level]
            case .palette256:
                let c = paletteHeat[level]
                return StyleLook(foreground: c, background: c)
            }
        }
        if let level = heatInkLevel(style) {
            switch mode {
            case .monochrome: return StyleLook(attributes: monoHeat[level])
            case .basic8: return StyleLook(foreground: basicHeat[level].foreground)
            case .palette256: return StyleLook(foreground: paletteHeat[level])
            }
        }
        let row = roles[style] ?? roles[.normal]!
        switch mode {
        case .monochrome: return StyleLook(attributes: row.mono)
        case .basic8: return row.basic
        case .palette256: return row.palette
        }
    }

    /// The number of distinct (foreground, background) pairs other than (-1, -1) a mode needs.
    public static func distinctPairCount(mode: ColorMode) -> Int {
        Set(allStyles.map { look(for: $0, mode: mode) }
            .map { [$0.foreground, $0.background] }
            .filter { $0 != [-1, -1] }).count
    }

    static func heatLevel(_ style: StyleID) -> Int? {
        let base = StyleID.heat(0).rawValue
        let level = Int(style.rawValue) - Int(base)
        return (0..<StyleID.heatLevels).contains(level) ? level : nil
    }

    static func heatInkLevel(_ style: StyleID) -> Int? {
        let base = StyleID.heatInk(0).rawValue
        let level = Int(style.rawValue) - Int(base)
        return (0..<StyleID.heatLevels).contains(level) ? level : nil
    }

    private struct Row {
        let palette: StyleLook
        let basic: StyleLook
        let mono: TextAttributes
    }

    private static func look(_ fg: Int16, _ bg: Int16 = -1, _ attributes: TextAttributes = []) -> StyleLook {
        StyleLook(foreground: fg, background: bg, attributes: attributes)
    }

    // ANSI colour numbers for the 8-colour table.
    private static let black: Int16 = 0, red: Int16 = 1, green: Int16 = 2, yellow: Int16 = 3
    private static let blue: Int16 = 4, magenta: Int16 = 5, cyan: Int16 = 6, white: Int16 = 7

    private static let roles: [StyleID: Row] = [
        .normal: Row(palette: look(-1), basic: look(-1), mono: []),
        .dim: Row(palette: look(245), basic: look(-1, -1, .dim), mono: .dim),
        .bold: Row(palette: look(-1, -1, .bold), basic: look(-1, -1, .bold), mono: .bold),
        .border: Row(palette: look(240), basic: look(blue), mono: []),
        .title: Row(palette: look(117, -1, .bold), basic: look(cyan, -1, .bold), mono: .bold),
        .focused: Row(palette: look(16, 220, .bold), basic: look(black, yellow, .bold), mono: [.reverse, .bold]),
        .axis: Row(palette: look(250), basic: look(white), mono: []),
        .trainLoss: Row(palette: look(39, -1, .bold), basic: look(cyan), mono: .bold),
        .trainLossRaw: Row(palette: look(24), basic: look(blue, -1, .dim), mono: .dim),
        .validLoss: Row(palette: look(214, -1, .bold), basic: look(yellow), mono: .bold),
        .reference: Row(palette: look(243), basic: look(white, -1, .dim), mono: .dim),
        .marker: Row(palette: look(177), basic: look(magenta), mono: .underline),
        .naive: Row(palette: look(203), basic: look(red), mono: []),
        .optimized: Row(palette: look(84), basic: look(green), mono: .bold),
        .good: Row(palette: look(114, -1, .bold), basic: look(green, -1, .bold), mono: .bold),
        .warning: Row(palette: look(220, -1, .bold), basic: look(yellow, -1, .bold), mono: [.bold, .underline]),
        .error: Row(palette: look(196, -1, .bold), basic: look(red, -1, .bold), mono: [.bold, .reverse]),
        .statusBar: Row(palette: look(254, 237), basic: look(black, white), mono: .reverse),
        .key: Row(palette: look(222, -1, .bold), basic: look(yellow, -1, .underline), mono: [.bold, .underline]),
        .truncated: Row(palette: look(238), basic: look(magenta, -1, .dim), mono: .dim),
        .reach: Row(palette: look(183), basic: look(magenta, -1, .bold), mono: []),
        .recallLoss: Row(palette: look(205, -1, .bold), basic: look(white, -1, .bold), mono: .bold),
        .otherLoss: Row(palette: look(79), basic: look(cyan, -1, .dim), mono: []),
        // Orange: apart from A's pink recall and blue train loss; in monochrome A is bold, B plain.
        .compareRun: Row(palette: look(208, -1, .bold), basic: look(green, -1, .underline), mono: []),
    ]

    // Cold to hot: navy, blue, cyan, green, olive, amber, orange, red.
    private static let paletteHeat: [Int16] = [17, 25, 37, 71, 142, 214, 202, 196]
    private static let basicHeat: [StyleLook] = [
        look(blue, black), look(blue, blue), look(cyan, cyan), look(green, green),
        look(yellow, yellow), look(red, red), look(magenta, magenta), look(white, white),
    ]
    private static let monoHeat: [TextAttributes] = [.dim, .dim, [], [], [], .bold, .bold, .bold]
}
