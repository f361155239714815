import BPTTTraining

/// " Truncation ": the k1 and k2 sliders, the reach k1 + k2 against the corpus's dependency
/// distance, and (with room) what the sliders mean.
struct TruncationPanel {
    var snapshot: TrainingSnapshot
    var view: DashboardViewState

    static let title = "Truncation"

    func draw(in rect: Rect, grid: inout CellGrid) {
        let content = PanelBox(title: TruncationPanel.title, info: snapshot.truncation == .off ? "sentence mode" : "",
                               hints: [KeyBinding("← →", "move"), KeyBinding("tab", "focus")])
            .draw(in: rect, grid: &grid)
        guard content.width >= 10, content.height >= 1 else { return }
        let shown = DashboardKeys.displayedTruncation(view: view, snapshot: snapshot)
        let pending = shown != snapshot.truncation
        var y = content.y
        for slider in [SliderFocus.k1, .k2] where y < content.maxY {
            SliderWidget(label: slider == .k1 ? "k1" : "k2",
                         positions: TruncationSlider.positions(slider, sentenceModeAvailable: snapshot.sentenceModeAvailable),
                         index: TruncationSlider.index(of: shown, on: slider, sentenceModeAvailable: snapshot.sentenceModeAvailable),
                         focused: view.focus == slider, pending: pending)
                .draw(in: Rect(x: content.x, y: y, width: content.width, height: 1), grid: &grid)
            y += 1
        }
        if content.height >= 5 { y += 1 }
        if y < content.maxY {
            let verdict = reachVerdict(shown)
            grid.put(verdict.text, x: content.x, y: y, style: verdict.style, maxWidth: content.width)
            y += 1
        }
        if y < content.maxY { drawRuler(shown, y: y, in: content, grid: &grid); y += 1 }
        if content.height - (y - content.y) >= 3 {
            y += 1
            let notes = ["k1: steps per update (they have outputs)", "k2: extra steps errors travel back",
                         "off: full BPTT over each sentence"]
            for note in notes where y < content.maxY {
                grid.put(note, x: content.x, y: y, style: .dim, maxWidth: content.width)
                y += 1
            }
        }
    }

    /// "reach 20 ≥ d 16 ✓ can learn" / "reach 10 < d 16 ✗ cannot learn" / "reach 20 steps".
    func reachVerdict(_ truncation: Truncation) -> (text: String, style: StyleID) {
        let reach = truncation.reach.map(String.init) ?? "∞"
        guard let d = snapshot.dependencyDistance else {
            return ("reach \(reach) steps" + (truncation == .off ? " (full BPTT)" : " (k1+k2)"), .normal)
        }
        if (truncation.reach ?? Int.max) >= d { return ("reach \(reach) ≥ d \(d) ✓ can learn", .good) }
        return ("reach \(reach) < d \(d) ✗ cannot learn", .error)
    }

    /// The reach as a bar against the dependency distance on a common step scale.
    private func drawRuler(_ truncation: Truncation, y: Int, in content: Rect, grid: inout CellGrid) {
        let d = snapshot.dependencyDistance
        let reach = truncation.reach
        let longest = max(reach ?? 0, d ?? 0, 1)
        let scaleMax = reach == nil ? max(longest, (d ?? 0) * 2) : Int((Double(longest) * 1.15).rounded(.up))
        let width = content.width
        guard width >= 4 else { return }
        let ok = (reach ?? Int.max) >= (d ?? 0)
        let filled = reach.map { Int((Double($0) / Double(scaleMax) * Double(width)).rounded()) } ?? width
        for column in 0..<width {
            grid[content.x + column, y] = column < filled
                ? Cell("━", style: ok ? .good : .error)
                : Cell("─", style: .dim)
        }
        if reach == nil { grid[content.maxX - 1, y] = Cell("∞", style: .good) }
        if let d {
            let column = min(width - 1, Int((Double(d) / Double(scaleMax) * Double(width)).rounded()))
            grid[content.x + column, y] = Cell("┃", style: ok ? .good : .error)
            let label = "d"
            if column + 1 < width { grid.put(label, x: content.x + column + 1, y: y, style: .bold) }
        }
    }
}
