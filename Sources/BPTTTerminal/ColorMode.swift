/// What the user asked for (a flag or config); `.auto` honours NO_COLOR and the terminal's abilities.
public enum ColorPreference: String, Sendable, CaseIterable {
    case auto, always, never
}

/// How styles are actually rendered on this terminal.
public enum ColorMode: Equatable, Sendable, CustomStringConvertible {
    /// Attributes only (bold, dim, reverse, underline): NO_COLOR, `--no-color`, or no colour support.
    case monochrome
    /// The 8 ANSI colours.
    case basic8
    /// The xterm 256-colour palette.
    case palette256

    public var description: String {
        switch self {
        case .monochrome: "monochrome"
        case .basic8: "8 colours"
        case .palette256: "256 colours"
        }
    }

    /// Picks the mode. NO_COLOR (https://no-color.org) counts only when set to a non-empty value;
    /// `.always` overrides it but cannot colour a terminal without colours. `colorPairs` must cover
    /// the distinct pairs the style table needs, otherwise the mode degrades.
    public static func choose(preference: ColorPreference, noColorEnvironment: String?,
                              terminalHasColors: Bool, colors: Int, colorPairs: Int) -> ColorMode {
        if preference == .never { return .monochrome }
        if preference == .auto, let value = noColorEnvironment, !value.isEmpty { return .monochrome }
        guard terminalHasColors else { return .monochrome }
        if colors >= 256 && colorPairs > StyleTable.distinctPairCount(mode: .palette256) { return .palette256 }
        if colors >= 8 && colorPairs > StyleTable.distinctPairCount(mode: .basic8) { return .basic8 }
        return .monochrome
    }
}
