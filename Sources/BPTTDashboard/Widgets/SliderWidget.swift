/// One truncation slider on a single row: "▶ k1 ━━━━━●────────  10".
struct SliderWidget: Widget {
    var label: String
    var positions: [SliderPosition]
    /// Knob index into `positions`; nil draws a disabled slider.
    var index: Int?
    var focused: Bool
    /// The value was requested but the session has not applied it yet.
    var pending: Bool = false
    /// The setting itself when it is not one of the stops (a config's k1 = 30: the knob sits at the
    /// nearest stop, 32, but the number says what the run does); nil prints the knob's stop.
    var value: String? = nil

    static let valueWidth = 5

    /// The track column of stop `index` on a track `width` cells wide (first and last stops at the ends).
    static func knobColumn(index: Int, count: Int, width: Int) -> Int {
        guard count > 1, width > 1 else { return 0 }
        let i = min(max(0, index), count - 1)
        return Int((Double(i) * Double(width - 1) / Double(count - 1)).rounded())
    }

    func draw(in rect: Rect, grid: inout CellGrid) {
        guard rect.height > 0, rect.width > 0 else { return }
        let y = rect.y
        let accent: StyleID = index == nil ? .dim : (focused ? .focused : .normal)
        grid.put(focused ? "▶" : " ", x: rect.x, y: y, style: focused ? .focused : .normal)
        grid.put(label, x: rect.x + 2, y: y, style: focused ? .focused : (index == nil ? .dim : .bold))
        let trackX = rect.x + 3 + label.unicodeScalars.count
        let trackWidth = rect.maxX - Self.valueWidth - trackX
        guard trackWidth >= 2 else { return }
        let knob = index.map { SliderWidget.knobColumn(index: $0, count: positions.count, width: trackWidth) }
        for column in 0..<trackWidth {
            let cell: Cell
            if let knob, column < knob { cell = Cell("━", style: accent) }
            else if column == knob { cell = Cell("●", style: focused ? .focused : .bold) }
            else { cell = Cell("─", style: .dim) }
            grid[trackX + column, y] = cell
        }
        let stop = index.flatMap { positions.indices.contains($0) ? positions[$0].description : nil }
        let text = (index == nil ? "—" : value ?? stop ?? "—") + (pending ? "…" : "")
        let length = text.unicodeScalars.count
        grid.put(text, x: rect.maxX - length, y: y, style: index == nil ? .dim : .bold)
    }
}
