/// Text centred in a rectangle (clipped to it): placeholders and the too-small message.
struct Centered: Widget {
    var text: String
    var style: StyleID = .normal

    init(_ text: String, style: StyleID = .normal) {
        self.text = text
        self.style = style
    }

    func draw(in rect: Rect, grid: inout CellGrid) {
        guard !rect.isEmpty else { return }
        let lines = TextWrap.wrap(text, width: rect.width)
        let top = rect.y + max(0, (rect.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < rect.maxY {
            let length = line.unicodeScalars.count
            grid.put(line, x: rect.x + max(0, (rect.width - length) / 2), y: top + i, style: style, maxWidth: rect.width)
        }
    }
}
