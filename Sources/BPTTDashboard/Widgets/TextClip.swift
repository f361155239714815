/// Cutting labels to the room there is: a cut label always ends in "…", so a person sees that
/// something is missing ("trunca…", never "trunca").
enum TextClip {
    /// `text` cut to `length` scalars, ending in "…" when cut; empty when there is no room.
    static func clipped(_ text: String, to length: Int) -> String {
        let count = text.unicodeScalars.count
        guard count > length else { return text }
        guard length > 0 else { return "" }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(length - 1))) + "…"
    }
}

extension CellGrid {
    /// `put`, but a text longer than `maxWidth` ends in "…".
    mutating func putClipped(_ text: String, x: Int, y: Int, style: StyleID = .normal, maxWidth: Int) {
        put(TextClip.clipped(text, to: maxWidth), x: x, y: y, style: style, maxWidth: maxWidth)
    }
}
