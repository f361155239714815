/// A piece of the status line; when the line is too short the lowest priorities are left out.
struct StatusSegment {
    var text: String
    var style: StyleID = .statusBar
    var priority: Int
    /// A shorter form used when `text` does not fit.
    var compact: String? = nil
}

/// One full-width row: segments from the left separated by two spaces, one right-aligned segment.
struct StatusBar: Widget {
    var segments: [StatusSegment]
    var trailing: [StatusSegment] = []

    static let separator = "  "

    /// The segments that fit in `width`, in their original order: taken greedily from the highest
    /// priority down (the leftmost first among equals), in compact form when only that fits, and
    /// skipped when neither fits.
    static func fitting(_ segments: [StatusSegment], width: Int) -> [StatusSegment] {
        let byPriority = segments.indices.sorted { (segments[$0].priority, -$0) > (segments[$1].priority, -$1) }
        var used = 0
        var kept: [Int: StatusSegment] = [:]
        for index in byPriority {
            let separatorCost = kept.isEmpty ? 0 : separator.count
            var segment = segments[index]
            for text in [segment.text, segment.compact].compactMap({ $0 }) {
                let cost = text.unicodeScalars.count + separatorCost
                if used + cost <= width {
                    segment.text = text
                    kept[index] = segment
                    used += cost
                    break
                }
            }
        }
        return segments.indices.compactMap { kept[$0] }
    }

    func draw(in rect: Rect, grid: inout CellGrid) {
        guard rect.height > 0, rect.width > 0 else { return }
        grid.fill(x: rect.x, y: rect.y, width: rect.width, height: 1, with: Cell(" ", style: .statusBar))
        let trailingText = trailing.map(\.text).joined()
        let trailingLength = trailingText.unicodeScalars.count
        let showTrailing = trailingLength + 2 <= rect.width
        let room = rect.width - 2 - (showTrailing ? trailingLength + 2 : 0)
        var x = rect.x + 1
        for (i, segment) in StatusBar.fitting(segments, width: room).enumerated() {
            if i > 0 { x += StatusBar.separator.count }
            grid.put(segment.text, x: x, y: rect.y, style: segment.style)
            x += segment.text.unicodeScalars.count
        }
        if showTrailing {
            var tx = rect.maxX - 1 - trailingLength
            for segment in trailing {
                grid.put(segment.text, x: tx, y: rect.y, style: segment.style)
                tx += segment.text.unicodeScalars.count
            }
        }
    }
}
