/// A titled box (┌ Title ──── info ┐ ... └ hints ┘) around a panel; `content(of:)` is the inside.
struct PanelBox: Widget {
    var title: String
    /// Dim text at the right end of the top border (units, modes).
    var info: String = ""
    /// Key hints on the bottom border, drawn only when they all fit.
    var hints: [KeyBinding] = []
    var titleStyle: StyleID = .title

    /// The area inside the box's frame (empty when `rect` is too small for a frame).
    static func content(of rect: Rect) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        return rect.inset(by: 1)
    }

    /// Draws the box and returns its content area, for the panel inside.
    func frame(_ rect: Rect, grid: inout CellGrid) -> Rect {
        draw(in: rect, grid: &grid)
        return PanelBox.content(of: rect)
    }

    func draw(in rect: Rect, grid: inout CellGrid) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.maxX - 1, bottom = rect.maxY - 1
        for x in rect.x...right {
            grid[x, rect.y] = Cell("─", style: .border)
            grid[x, bottom] = Cell("─", style: .border)
        }
        for y in rect.y...bottom {
            grid[rect.x, y] = Cell("│", style: .border)
            grid[right, y] = Cell("│", style: .border)
        }
        grid[rect.x, rect.y] = Cell("┌", style: .border)
        grid[right, rect.y] = Cell("┐", style: .border)
        grid[rect.x, bottom] = Cell("└", style: .border)
        grid[right, bottom] = Cell("┘", style: .border)

        // Title from x+2, info ending at right-2, hints from x+2: "┌─ Title ──── info ─┐".
        let room = rect.width - 4
        var titleText = " \(title) "
        if titleText.unicodeScalars.count > room {
            titleText = room >= 4 ? " " + String(String.UnicodeScalarView(title.unicodeScalars.prefix(room - 3))) + "… " : ""
        }
        let titleLength = titleText.unicodeScalars.count
        grid.put(titleText, x: rect.x + 2, y: rect.y, style: titleStyle)
        let infoText = " \(info) "
        let infoLength = infoText.unicodeScalars.count
        if !info.isEmpty, titleLength + infoLength + 1 <= room {
            grid.put(infoText, x: right - 1 - infoLength, y: rect.y, style: .dim)
        }
        drawHints(y: bottom, from: rect.x + 2, to: right - 2, grid: &grid)
    }

    /// " key action · key action " in the bottom border.
    private func drawHints(y: Int, from left: Int, to right: Int, grid: inout CellGrid) {
        guard !hints.isEmpty else { return }
        let total = hints.reduce(1) { $0 + $1.keys.unicodeScalars.count + $1.action.unicodeScalars.count + 2 }
            + 2 * (hints.count - 1)
        guard total <= right - left + 1 else { return }
        var x = left
        grid.put(" ", x: x, y: y, style: .dim); x += 1
        for (i, hint) in hints.enumerated() {
            if i > 0 { grid.put("· ", x: x, y: y, style: .dim); x += 2 }
            grid.put(hint.keys, x: x, y: y, style: .key); x += hint.keys.unicodeScalars.count
            grid.put(" " + hint.action + " ", x: x, y: y, style: .dim); x += hint.action.unicodeScalars.count + 2
        }
    }
}
