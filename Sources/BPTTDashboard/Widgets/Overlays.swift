/// A box drawn over the dashboard, centred, with its area cleared first.
enum Overlay {
    static func frame(width: Int, height: Int, on screen: Rect, box: PanelBox, grid: inout CellGrid) -> Rect {
        let rect = screen.centered(width: width, height: height)
        grid.fill(x: rect.x, y: rect.y, width: rect.width, height: rect.height, with: .blank)
        return box.frame(rect, grid: &grid)
    }
}

/// " Help ": every key, from `KeyBindings.all`; `?` again turns to what the glyphs mean (`GlyphLegend`).
/// Drawn centred over the whole screen it is given.
struct HelpOverlay: Widget {
    static let title = "Help · keys"
    static let glyphTitle = "Help · what the glyphs mean"

    /// 0: the keys; 1: the glyphs.
    var page = 0

    func draw(in screen: Rect, grid: inout CellGrid) {
        let keysPage = page == 0
        let lines = keysPage ? KeyBindings.all.map { (key: $0.keys, action: $0.action) }
                             : GlyphLegend.entries.map { (key: $0.glyph, action: $0.meaning) }
        let keyWidth = lines.map { $0.key.unicodeScalars.count }.max() ?? 0
        let width = min(screen.width - 2, (lines.map { $0.action.unicodeScalars.count }.max() ?? 0) + keyWidth + 7)
        let hints = keysPage ? [KeyBinding("?", "glyphs"), KeyBinding("any key", "closes")] : [KeyBinding("any key", "closes")]
        let content = Overlay.frame(width: width, height: min(screen.height, lines.count + 4), on: screen,
                                    box: PanelBox(title: keysPage ? Self.title : Self.glyphTitle, hints: hints), grid: &grid)
        for (i, line) in lines.enumerated() where i + 1 < content.height {
            let y = content.y + 1 + i
            grid.put(line.key, x: content.x + 1 + keyWidth - line.key.unicodeScalars.count, y: y,
                     style: keysPage ? .key : .bold)
            grid.putClipped(line.action, x: content.x + keyWidth + 3, y: y, maxWidth: content.maxX - content.x - keyWidth - 3)
        }
    }
}

/// Every mark the charts draw that is not plain text, for the help's second page.
enum GlyphLegend {
    static let entries: [(glyph: String, meaning: String)] = [
        ("━ •", "loss: train (smoothed) · validation"),
        ("recall", "loss on the repeated key: ln K no memory, 0 known"),
        ("┄ 0.40", "loss floors of the built-in language"),
        ("┊", "a control change (quick presses merged)"),
        ("▶A ▶B", "two runs: keys act on this one (f); B is orange"),
        ("step", "heat-map rows: the update each row is from"),
        ("colours", "||dE/ds_t||: fixed decades, or per row (g)"),
        ("─k1─", "steps of the block (they have outputs)"),
        ("┄k2┄", "earlier steps errors only pass through"),
        ("╱ × cut", "steps no error reaches (beyond the window)"),
        ("d", "dependency distance: green reached, red not"),
        ("r_k", "last output's error k steps back (own scale)"),
        ("Σ", "global gradient norm of the latest update"),
        ("ρ(W)", "Elman: spectral radius of W (>1 lets errors grow)"),
        ("f i o  z", "mean gate: LSTM forget/input/output, GRU update"),
        ("dh dc", "LSTM: error on h_t, or on the cell state c_t (d)"),
        ("clip n", "updates whose gradient was clipped"),
        ("T", "timing: the window the run trains on now"),
        ("±", "timing: the probe's spread (min–max of repeats)"),
        ("whole update", "live: batching + forward + backward of one update"),
    ]
}

/// " Runs ": the configs the app found, one line each, the selected one highlighted; the folder
/// they came from in the title, and where it looked when it found none. Drawn centred over the whole
/// screen it is given.
struct RunPickerOverlay: Widget {
    static let title = "Runs"

    var picker: RunPickerState
    var folder: String? = nil
    var searchPath: [String] = []

    func draw(in screen: Rect, grid: inout CellGrid) {
        let choices = picker.choices
        let nameWidth = min(24, choices.map { $0.name.unicodeScalars.count }.max() ?? 0)
        let longest = choices.map { nameWidth + $0.description.unicodeScalars.count + ($0.cell == .elman ? 0 : 7) + 5 }.max() ?? 0
        let searchWidth = (searchPath.map { $0.unicodeScalars.count }.max() ?? 0) + 6
        let width = min(screen.width - 4, max(56, longest + 2, choices.isEmpty ? searchWidth : 0))
        let rows = choices.isEmpty ? searchPath.count + 2 : choices.count
        let height = min(screen.height - 2, max(rows, 1) + 5)
        let place = folder.map { TextClip.clipped($0, to: max(8, width - 16)) } ?? (choices.isEmpty ? "no configs folder" : nil)
        let boxTitle = Self.title + (place.map { " · " + $0 } ?? "")
        let content = Overlay.frame(width: width, height: height, on: screen,
                                    box: PanelBox(title: boxTitle, hints: KeyBindings.picker), grid: &grid)
        guard content.height >= 1 else { return }
        guard !choices.isEmpty else {
            let message = folder == nil ? "no configs folder found; looked in:" : "no *.cfg files in it; looked in:"
            grid.putClipped(message, x: content.x + 1, y: content.y + 1, style: .dim, maxWidth: content.width - 1)
            for (i, path) in searchPath.enumerated() where content.y + 2 + i < content.maxY {
                grid.putClipped("  " + path, x: content.x + 1, y: content.y + 2 + i, style: .dim, maxWidth: content.width - 1)
            }
            if content.y + 2 + searchPath.count < content.maxY {
                grid.putClipped("(set BPTT_LAB_CONFIGS to a folder of *.cfg files)", x: content.x + 1,
                                y: content.y + 2 + searchPath.count, style: .dim, maxWidth: content.width - 1)
            }
            return
        }
        // Rows for choices: all but a blank line and the path of the selection at the bottom.
        let listRows = max(1, content.height - 2)
        let first = min(max(0, picker.selection - listRows + 1), max(0, choices.count - listRows))
        for (row, index) in (first..<min(choices.count, first + listRows)).enumerated() {
            let choice = choices[index]
            let y = content.y + row
            let selected = index == picker.selection
            if selected { grid.fill(x: content.x, y: y, width: content.width, height: 1, with: Cell(" ", style: .focused)) }
            grid.put(selected ? "▶" : " ", x: content.x, y: y, style: selected ? .focused : .normal)
            grid.putClipped(choice.name, x: content.x + 2, y: y, style: selected ? .focused : .bold, maxWidth: nameWidth)
            let description = choice.cell == .elman ? choice.description : choice.cell.rawValue + " · " + choice.description
            grid.putClipped(description, x: content.x + nameWidth + 4, y: y, style: selected ? .focused : .dim,
                            maxWidth: content.maxX - content.x - nameWidth - 4)
        }
        if let selected = picker.selected, content.height >= 3 {
            grid.putClipped(selected.path, x: content.x + 2, y: content.maxY - 1, style: .dim, maxWidth: content.width - 2)
        }
    }
}
