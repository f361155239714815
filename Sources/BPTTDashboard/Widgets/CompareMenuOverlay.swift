/// " Compare ": the changes run B can make to a copy of run A, one line each, the selected one
/// highlighted (`b` opens it, enter starts B). Drawn centred over the whole screen it is given.
struct CompareMenuOverlay: Widget {
    static let title = "Compare · run B = run A with one change"

    var menu: CompareMenuState

    func draw(in screen: Rect, grid: inout CellGrid) {
        let lines = menu.choices.map(\.menuText)
        let width = min(screen.width - 4, max(Self.title.unicodeScalars.count + 8, (lines.map { $0.unicodeScalars.count }.max() ?? 0) + 6))
        let height = min(screen.height - 2, max(lines.count, 1) + 3)
        let content = Overlay.frame(width: width, height: height, on: screen,
                                    box: PanelBox(title: Self.title, hints: KeyBindings.compareMenu), grid: &grid)
        guard content.height >= 1 else { return }
        let listRows = max(1, content.height - 1)
        let first = min(max(0, menu.selection - listRows + 1), max(0, lines.count - listRows))
        for (row, index) in (first..<min(lines.count, first + listRows)).enumerated() {
            let y = content.y + row
            let selected = index == menu.selection
            if selected { grid.fill(x: content.x, y: y, width: content.width, height: 1, with: Cell(" ", style: .focused)) }
            grid.put(selected ? "▶" : " ", x: content.x, y: y, style: selected ? .focused : .normal)
            grid.putClipped(lines[index], x: content.x + 2, y: y, style: selected ? .focused : .normal,
                            maxWidth: content.width - 2)
        }
    }
}
