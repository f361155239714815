/// A box drawn over the dashboard, centred, with its area cleared first.
enum Overlay {
    static func frame(width: Int, height: Int, on screen: Rect, box: PanelBox, grid: inout CellGrid) -> Rect {
        let rect = screen.centered(width: width, height: height)
        grid.fill(x: rect.x, y: rect.y, width: rect.width, height: rect.height, with: .blank)
        return box.draw(in: rect, grid: &grid)
    }
}

/// " Help ": every key, from `KeyBindings.all`.
enum HelpOverlay {
    static let title = "Help · keys"

    static func draw(on screen: Rect, grid: inout CellGrid) {
        let bindings = KeyBindings.all
        let keyWidth = bindings.map { $0.keys.unicodeScalars.count }.max() ?? 0
        let lines = bindings.map { (key: $0.keys, action: $0.action) }
        let width = (lines.map { $0.action.unicodeScalars.count }.max() ?? 0) + keyWidth + 7
        let content = Overlay.frame(width: width, height: lines.count + 4, on: screen,
                                    box: PanelBox(title: title, hints: [KeyBinding("any key", "closes")]), grid: &grid)
        for (i, line) in lines.enumerated() where i + 1 < content.height {
            let y = content.y + 1 + i
            grid.put(line.key, x: content.x + 1 + keyWidth - line.key.unicodeScalars.count, y: y, style: .key)
            grid.put(line.action, x: content.x + keyWidth + 3, y: y, maxWidth: content.maxX - content.x - keyWidth - 3)
        }
    }
}

/// " Runs ": the configs the app found, one line each, the selected one highlighted.
enum RunPickerOverlay {
    static let title = "Runs · configs/"

    static func draw(_ picker: RunPickerState, on screen: Rect, grid: inout CellGrid) {
        let choices = picker.choices
        let nameWidth = min(24, choices.map { $0.name.unicodeScalars.count }.max() ?? 0)
        let longest = choices.map { nameWidth + $0.description.unicodeScalars.count + 5 }.max() ?? 0
        let width = min(screen.width - 4, max(56, longest + 2))
        let height = min(screen.height - 2, max(choices.count, 1) + 5)
        let content = Overlay.frame(width: width, height: height, on: screen,
                                    box: PanelBox(title: title, hints: KeyBindings.picker), grid: &grid)
        guard content.height >= 1 else { return }
        guard !choices.isEmpty else {
            grid.put("no run configs found in \(picker.source)", x: content.x + 1, y: content.y + 1, style: .dim)
            grid.put("set BPTT_LAB_CONFIGS to a folder of .cfg files", x: content.x + 1, y: content.y + 2, style: .dim)
            return
        }
        // Rows for choices: all but a blank line and the path of the selection at the bottom.
        let rows = max(1, content.height - 2)
        let first = min(max(0, picker.selection - rows + 1), max(0, choices.count - rows))
        for (row, index) in (first..<min(choices.count, first + rows)).enumerated() {
            let choice = choices[index]
            let y = content.y + row
            let selected = index == picker.selection
            if selected { grid.fill(x: content.x, y: y, width: content.width, height: 1, with: Cell(" ", style: .focused)) }
            grid.put(selected ? "▶" : " ", x: content.x, y: y, style: selected ? .focused : .normal)
            grid.put(choice.name, x: content.x + 2, y: y, style: selected ? .focused : .bold, maxWidth: nameWidth)
            grid.put(choice.description, x: content.x + nameWidth + 4, y: y, style: selected ? .focused : .dim,
                     maxWidth: content.maxX - content.x - nameWidth - 4)
        }
        if let selected = picker.selected, content.height >= 3 {
            grid.put(selected.path, x: content.x + 2, y: content.maxY - 1, style: .dim, maxWidth: content.width - 2)
        }
    }
}
