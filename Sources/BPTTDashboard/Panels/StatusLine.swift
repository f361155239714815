import BPTTTraining

/// The top status line: run, model, engine, state, progress, rates, validation and elapsed time.
enum StatusLine {
    static func bar(snapshot s: TrainingSnapshot, view: DashboardViewState) -> StatusBar {
        let unit = LossUnit(unit: s.unit)
        let name = s.runName.isEmpty ? "bptt-lab" : s.runName
        var segments: [StatusSegment] = [
            StatusSegment(text: name, style: .bold, priority: 9, compact: clipped(name, to: 12)),
            StatusSegment(text: s.modelSummary, priority: 2),
            StatusSegment(text: s.engine.rawValue, priority: 6, compact: s.engine == .naive ? "naive" : "opt"),
            StatusSegment(text: clipped(s.state.label, to: 48), style: stateStyle(s.state), priority: 10,
                          compact: clipped(s.state.label, to: 20)),
            StatusSegment(text: "step \(s.step)", priority: 9),
            StatusSegment(text: "ep \(s.epoch)", priority: 4),
            StatusSegment(text: truncationText(DashboardKeys.displayedTruncation(view: view, snapshot: s)), priority: 8),
            StatusSegment(text: NumberFormat.compact(s.tokensPerSecond) + " tok/s", priority: 7),
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
        if let notice = view.notice {
            segments.insert(StatusSegment(text: notice, style: .warning, priority: 11), at: 0)
        }
        segments.removeAll { $0.text.isEmpty }
        return StatusBar(segments: segments,
                         trailing: [StatusSegment(text: "?", style: .key, priority: 10),
                                    StatusSegment(text: " help", priority: 10)])
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
