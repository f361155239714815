import BPTTTraining

/// " Truncation ": the k1 and k2 sliders, the reach k1 + k2 against the corpus's dependency
/// distance, and (with room) what the sliders mean. With two runs the sliders are the focused
/// run's, and a line per other run gives its reach against d and its measured recall share.
struct TruncationPanel: Widget {
    /// Everything the panel draws, built by the renderer from the runs and the view.
    struct Input {
        /// The setting the session runs, and the one the sliders show (a pending request, until
        /// the session publishes it).
        var truncation: Truncation
        var shown: Truncation
        var sentenceModeAvailable = false
        var focus = SliderFocus.k1
        /// The focused run's letter when comparing, else empty.
        var letter = ""
        var recall: RecallFacts
        /// The other runs on screen (none when one runs alone).
        var others: [OtherRun] = []
    }

    /// What the corpus's dependency and the latest validation say about a run's recall.
    struct RecallFacts {
        /// The built-in language's dependency distance d; nil for text.
        var dependencyDistance: Int?
        var floors: LossFloors?
        /// The latest validation recall loss; nil before the first validation.
        var latestRecallLoss: Double?
    }

    /// Another run, in one line.
    struct OtherRun {
        var letter: String
        var truncation: Truncation
        var recall: RecallFacts
    }

    var input: Input

    static let title = "Truncation"

    init(_ input: Input) { self.input = input }

    func draw(in rect: Rect, grid: inout CellGrid) {
        let mode = input.truncation == .off ? "sentence mode" : ""
        // Comparing: the run's letter says whose sliders these are (its "off" knob says sentence mode).
        let info = input.letter.isEmpty ? mode : "run " + input.letter
        let content = PanelBox(title: TruncationPanel.title, info: info,
                               hints: [KeyBinding("← →", "move"), KeyBinding("tab", "focus")])
            .frame(rect, grid: &grid)
        guard content.width >= 10, content.height >= 1 else { return }
        let shown = input.shown
        let extra = input.others.count
        let pending = shown != input.truncation
        var y = content.y
        for slider in [SliderFocus.k1, .k2] where y < content.maxY {
            SliderWidget(label: slider == .k1 ? "k1" : "k2",
                         positions: TruncationSlider.positions(slider, sentenceModeAvailable: input.sentenceModeAvailable),
                         index: TruncationSlider.index(of: shown, on: slider, sentenceModeAvailable: input.sentenceModeAvailable),
                         focused: input.focus == slider, pending: pending, value: Self.setting(of: shown, on: slider))
                .draw(in: Rect(x: content.x, y: y, width: content.width, height: 1), grid: &grid)
            y += 1
        }
        let recall = recallReading(width: content.width)
        if content.height >= (recall == nil ? 5 : 6) + extra { y += 1 }
        if y < content.maxY {
            let fact = reachFact(shown)
            grid.put(fact.text, x: content.x, y: y, style: fact.style, maxWidth: content.width)
            y += 1
        }
        // Room for sliders, gap, fact, this line, recall and ruler: which outputs' errors reach d back.
        if let coverage = coverageFact(shown, width: content.width), content.height >= (recall == nil ? 6 : 7) + extra, y < content.maxY {
            grid.put(coverage, x: content.x, y: y, style: .dim, maxWidth: content.width)
            y += 1
        }
        if let recall, y < content.maxY {
            grid.put(recall.text, x: content.x, y: y, style: recall.style, maxWidth: content.width)
            y += 1
        }
        for other in input.others where y < content.maxY {
            let line = otherRunLine(other, width: content.width)
            grid.put(line.text, x: content.x, y: y, style: line.style, maxWidth: content.width)
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

    /// The number a slider prints: the run's own k1 or k2, on the ladder or not (nil while off: the
    /// k1 knob's stop reads "off", and k2 is disabled).
    static func setting(of truncation: Truncation, on slider: SliderFocus) -> String? {
        guard case .blocks(let k1, let k2) = truncation else { return nil }
        return String(slider == .k1 ? k1 : k2)
    }

    /// What is certain about the setting, not a prediction of learning: whether the recall's error
    /// reaches back to the key's input. "reach 5 < d 8: key cut off" / "reach 20 steps".
    /// (Learning can still happen past the reach, since W is shared across time; the recall line
    /// below shows what the run does.)
    func reachFact(_ truncation: Truncation) -> (text: String, style: StyleID) {
        let reach = truncation.reach.map(String.init) ?? "∞"
        guard let d = input.recall.dependencyDistance else {
            return ("reach \(reach) steps" + (truncation == .off ? " (full BPTT)" : " (k1+k2)"), .normal)
        }
        if truncation.reaches(d) { return ("reach \(reach) ≥ d \(d): key in reach", .good) }
        return ("reach \(reach) < d \(d): key cut off", .error)
    }

    /// With blocks whose reach covers d, how many of a block's outputs have errors that get back to
    /// the key d steps before: only the last k1 + k2 - d + 1 of the k1 do (output τ reaches τ + 1 + k2),
    /// so "key in reach" may hold for a few outputs only. Nil when cut off, off, or without a d.
    func coverageFact(_ truncation: Truncation, width: Int) -> String? {
        guard let d = input.recall.dependencyDistance, case .blocks(let k1, _) = truncation,
              let reaching = truncation.outputsReaching(d), reaching > 0 else { return nil }
        let long = reaching == k1 ? "from every output of a block" : "from the last \(reaching) of every \(k1) outputs"
        let short = reaching == k1 ? "from every output" : "from the last \(reaching) of \(k1) outputs"
        return long.count <= width ? long : short
    }

    /// The measured answer: the latest validation recall loss as a share of ln K, e.g.
    /// "recall loss 97% of ln K (no memory)". Nil before the first validation or without a dependency.
    func recallReading(width: Int) -> (text: String, style: StyleID)? {
        guard let floors = input.recall.floors, let last = input.recall.latestRecallLoss else { return nil }
        let share = floors.recallShare(last)
        guard share.isFinite else { return ("recall loss " + NumberFormat.compact(last), .error) }
        let percent = Int((share * 100).rounded())
        let text = "recall loss \(percent)% of ln K"
        let (note, style): (String, StyleID) = share >= 0.9 ? ("no memory", .normal)
            : share <= 0.1 ? ("key learned", .good) : ("partly", .normal)
        return text.count + note.count + 3 <= width ? (text + " (\(note))", style) : (text, style)
    }

    /// Another run in one line: its setting, whether its reach covers d, its recall share,
    /// e.g. "B off: key in reach · recall 3%" (shorter forms when narrow).
    func otherRunLine(_ other: OtherRun, width: Int) -> (text: String, style: StyleID) {
        let t = other.truncation
        let setting = t == .off ? "off" : StatusLine.truncationText(t)
        var fact = "reach \(t.reach.map(String.init) ?? "∞")"
        var style = StyleID.normal
        if let d = other.recall.dependencyDistance {
            fact = t.reaches(d) ? "key in reach" : "key cut off"
            style = t.reaches(d) ? .good : .error
        }
        var recall = ""
        if let floors = other.recall.floors, let last = other.recall.latestRecallLoss {
            let share = floors.recallShare(last)
            recall = share.isFinite ? "recall \(Int((share * 100).rounded()))%" : "recall " + NumberFormat.compact(last)
        }
        let forms = [[other.letter + " " + setting + ": " + fact, recall], [other.letter + " " + setting, recall],
                     [other.letter, recall.isEmpty ? fact : recall]]
            .map { $0.filter { !$0.isEmpty }.joined(separator: " · ") }
        return (forms.first { $0.unicodeScalars.count <= width } ?? forms.last!, style)
    }

    /// The reach as a bar against the dependency distance on a common step scale.
    private func drawRuler(_ truncation: Truncation, y: Int, in content: Rect, grid: inout CellGrid) {
        let d = input.recall.dependencyDistance
        let reach = truncation.reach
        let longest = max(reach ?? 0, d ?? 0, 1)
        let scaleMax = reach == nil ? max(longest, (d ?? 0) * 2) : Int((Double(longest) * 1.15).rounded(.up))
        let width = content.width
        guard width >= 4 else { return }
        let ok = truncation.reaches(d ?? 0)
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
