/// ASCII stand-ins for when the locale cannot encode Unicode (a non-UTF-8 LANG chosen by the user):
/// the layout stays intact and lines, bars and dots remain recognisable.
enum GlyphFallback {
    static func ascii(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        if v < 0x80 { return scalar }
        switch v {
        case 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D, 0x2550: return "-"
        case 0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2551: return "|"
        case 0x2500...0x257F: return "+"                       // corners, tees, crosses
        case 0x2800: return " "                                // empty braille cell
        case 0x2801...0x28FF:                                  // braille: by how many dots are set
            let dots = (v - 0x2800).nonzeroBitCount
            return dots <= 2 ? "." : (dots <= 5 ? ":" : "#")
        case 0x2591: return "."                                // ░
        case 0x2592: return ":"                                // ▒
        case 0x2593: return "%"                                // ▓
        case 0x2580...0x259F: return "#"                       // other blocks
        case 0x00B7, 0x2022, 0x2027, 0x22C5: return "."        // middle dots, bullets
        case 0x2026: return "~"                                // …
        case 0x2190: return "<"
        case 0x2192: return ">"
        case 0x2191: return "^"
        case 0x2193: return "v"
        case 0x2713, 0x2714: return "v"                        // ✓
        case 0x2717, 0x2718, 0x00D7: return "x"                // ✗ ×
        case 0x2265: return ">"                                // ≥
        case 0x2264: return "<"                                // ≤
        case 0x0394: return "D"                                // Δ
        case 0x25B2, 0x25B6, 0x25BA, 0x25C0, 0x25BC: return "*"
        default: return "?"
        }
    }
}
