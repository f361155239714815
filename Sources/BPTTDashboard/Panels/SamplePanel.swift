import BPTTTraining

/// " Sample ": the latest text sampled from the model, wrapped; newlines break lines. Leading line
/// breaks are skipped: a model's first draw is often the end of a sentence, and at 80x24 the panel
/// has only two lines.
struct SamplePanel: Widget {
    var snapshot: TrainingSnapshot

    static let title = "Sample"

    func draw(in rect: Rect, grid: inout CellGrid) {
        let content = PanelBox(title: SamplePanel.title,
                               hints: [KeyBinding("space", "pause"), KeyBinding("n", "step"), KeyBinding("r", "restart"),
                                       KeyBinding("p", "runs"), KeyBinding("?", "help"), KeyBinding("q", "quit")])
            .frame(rect, grid: &grid)
        guard !content.isEmpty else { return }
        guard !snapshot.sample.isEmpty else {
            grid.put("no sample yet", x: content.x, y: content.y, style: .dim, maxWidth: content.width)
            return
        }
        let lines = TextWrap.wrap(String(snapshot.sample.drop { $0.isNewline }), width: content.width)
        for (i, line) in lines.prefix(content.height).enumerated() {
            grid.put(line, x: content.x, y: content.y + i, maxWidth: content.width)
        }
        if lines.count > content.height {
            grid[content.maxX - 1, content.maxY - 1] = Cell("…", style: .dim)
        }
    }
}
