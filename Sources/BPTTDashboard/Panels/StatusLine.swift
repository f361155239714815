import BPTTTraining

/// The top status line: run, model, engine, state, progress, rates, validation and elapsed time.
/// With two runs: the focused run's letter first (highlighted), its line, then each other run's
/// letter, rate and step, so both rates stay in view.
enum StatusLine {
    static func bar(snapshot: TrainingSnapshot, run: RunViewState = RunViewState(), view: DashboardViewState) -> StatusBar {
        bar(runs: [DashboardRun(snapshot: snapshot, state: run)], focused: 0, view: view)
    }

    static func bar(runs: [DashboardRun], focused: Int, view: DashboardViewState) -> StatusBar {
        let s = runs[focused].snapshot
        let comparing = runs.count > 1
        let letter = comparing ? runs[focused].letter + " " : ""
        let unit = LossUnit(unit: s.unit)
        let name = s.runName.isEmpty ? "bptt-lab" : s.runName
        var segments: [StatusSegment] = [
            // Comparing, both rates outrank the name.
            StatusSegment(text: name, style: .bold, priority: comparing ? 8 : 9, compact: clipped(name, to: 12)),
            // A gated cell keeps its name when the summary gives way (Elman, the default, is not named).
            StatusSegment(text: s.cell == .elman ? "" : s.cell.rawValue, style: .bold, priority: 8),
            StatusSegment(text: summary(s), priority: 2),
            StatusSegment(text: s.engine.rawValue, priority: 6, compact: s.engine == .naive ? "naive" : "opt"),
            StatusSegment(text: clipped(s.state.label, to: 48), style: stateStyle(s.state), priority: 10,
                          compact: clipped(s.state.label, to: 20)),
            StatusSegment(text: "step \(s.step)", priority: 9),
            StatusSegment(text: "ep \(s.epoch)", priority: 4),
            StatusSegment(text: truncationText(DashboardKeys.displayedTruncation(runs[focused])), priority: 8),
            StatusSegment(text: letter + NumberFormat.compact(s.tokensPerSecond) + " tok/s", priority: comparing ? 10 : 7),
            StatusSegment(text: "lr " + NumberFormat.compact(s.learningRate), priority: 3),
        ]
        if let last = s.validLoss.last {
            let ppl = "ppl " + NumberFormat.fixed(s.validPerplexity ?? .nan, decimals: 2)
            let text = s.unit == .char
                ? "valid " + ppl + " · " + NumberFormat.fixed(unit.display(last.loss), decimals: 2) + " bpc"
                : "valid " + ppl
            segments.append(StatusSegment(text: text, priority: 7, compact: ppl))
        }
        segments.append(StatusSegment(text: NumberFormat.clock(s.elapsedSeconds), priority: 5))
        if comparing {
            segments.insert(StatusSegment(text: "▶" + runs[focused].letter, style: .focused, priority: 11), at: 0)
            for (index, other) in runs.enumerated() where index != focused {
                let o = other.snapshot
                let rate = other.letter + " " + NumberFormat.compact(o.tokensPerSecond) + " tok/s"
                // The rate outranks the focused run's details: both rates stay in view at 80 columns.
                segments.append(StatusSegment(text: "│ " + rate, priority: 10))
                segments.append(StatusSegment(text: "step \(o.step) · " + clipped(o.state.label, to: 12), priority: 4))
            }
        }
        if let notice = view.notice {
            segments.insert(StatusSegment(text: notice, style: .warning, priority: 11), at: 0)
        }
        segments.removeAll { $0.text.isEmpty }
        return StatusBar(segments: segments,
                         trailing: [StatusSegment(text: "?", style: .key, priority: 10),
                                    StatusSegment(text: " help", priority: 10)])
    }

    /// The model summary without its leading cell name, which has a segment of its own.
    static func summary(_ s: TrainingSnapshot) -> String {
        let prefix = s.cell.rawValue + " "
        return s.cell != .elman && s.modelSummary.hasPrefix(prefix) ? String(s.modelSummary.dropFirst(prefix.count)) : s.modelSummary
    }

    /// `text` cut to `length` scalars, ending in "…" when cut.
    static func clipped(_ text: String, to length: Int) -> String { TextClip.clipped(text, to: length) }

    static func truncationText(_ t: Truncation) -> String {
        switch t {
        case .blocks(let k1, let k2): return "k1=\(k1) k2=\(k2)"
        case .off: return "k1=off"
        }
    }

    static func stateStyle(_ state: RunState) -> StyleID {
        switch state {
        case .training: return .good
        case .starting, .paused: return .warning
        case .finished: return .bold
        case .stopped, .failed: return .error
        }
    }
}
