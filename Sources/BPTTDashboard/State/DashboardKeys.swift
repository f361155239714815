import BPTTTraining
import BPTTNumerics

/// A truncation the dashboard asked for and the one it replaced: until the session publishes it,
/// further arrow presses step on from the request instead of the stale snapshot (key repeat).
public struct PendingTruncation: Sendable, Equatable {
    public var from: Truncation
    public var to: Truncation
    public init(from: Truncation, to: Truncation) { self.from = from; self.to = to }
}

/// The key handler: a pure state machine from a key (and the latest snapshot) to view changes and
/// actions for the app. No terminal, no clock, no session: tested directly.
public enum DashboardKeys {
    public static func handle(_ key: KeyInput, view: inout DashboardViewState,
                              snapshot: TrainingSnapshot) -> [DashboardAction] {
        if key == .interrupt { return [.quit] }
        if key == .resize { return [] }
        view.notice = nil
        if case .blocks = snapshot.truncation { view.lastBlocks = snapshot.truncation }
        view.pendingTruncation = view.pendingTruncation.flatMap { $0.from == snapshot.truncation ? $0 : nil }

        if view.showHelp {
            if key == .character("?") && view.helpPage == 0 {
                view.helpPage = 1
            } else {
                view.showHelp = false
            }
            return []
        }
        if view.picker != nil { return handlePicker(key, view: &view) }

        switch key {
        case .character("q"):
            return [.quit]
        case .character(" "):
            return togglePause(view: &view, state: snapshot.state)
        case .character("n"):
            if case .paused = snapshot.state { return [.command(.singleStep)] }
            view.notice = "n steps once while paused: press space to pause first"
            return []
        case .left, .right:
            return moveSlider(by: key == .right ? 1 : -1, view: &view, snapshot: snapshot)
        case .tab, .backTab:
            view.focus = view.focus == .k1 ? .k2 : .k1
            return []
        case .character("e"):
            return [.command(.setEngine(snapshot.engine == .naive ? .optimized : .naive))]
        case .character("r"):
            view.pendingTruncation = nil
            return [.command(.restart)]
        case .character("p"):
            let current = view.runChoices.firstIndex { $0.name == snapshot.runName } ?? 0
            view.picker = RunPickerState(choices: view.runChoices, selection: current)
            return []
        case .character("l"):
            view.logScale.toggle()
            return []
        case .character("s"):
            view.smoothing = SmoothingLadder.step(view.smoothing, up: false)
            return []
        case .character("S"):
            view.smoothing = SmoothingLadder.step(view.smoothing, up: true)
            return []
        case .character("t"):
            view.xAxisByTime.toggle()
            return []
        case .character("w"):
            return [.writeScreen]
        case .character("v"):
            view.lossView = view.lossView == .recall ? .all : .recall
            if snapshot.lossFloors == nil { view.notice = "only the built-in language has a recall; the chart shows all predictions" }
            return []
        case .character("g"):
            view.gradientScale = view.gradientScale == .fixedDecades ? .perRow : .fixedDecades
            return []
        case .character("?"), .character("h"):
            view.showHelp = true
            view.helpPage = 0
            return []
        case .escape:
            return []
        default:
            view.notice = "press ? for the list of keys"
            return []
        }
    }

    /// The truncation the sliders should show: a pending request until the session publishes it.
    public static func displayedTruncation(view: DashboardViewState, snapshot: TrainingSnapshot) -> Truncation {
        if let pending = view.pendingTruncation, pending.from == snapshot.truncation { return pending.to }
        return snapshot.truncation
    }

    private static func togglePause(view: inout DashboardViewState, state: RunState) -> [DashboardAction] {
        switch state {
        case .starting, .training:
            return [.command(.pause)]
        case .paused:
            return [.command(.resume)]
        case .stopped, .finished, .failed:
            view.notice = "this run has ended: r restarts it, p picks another"
            return []
        }
    }

    private static func moveSlider(by delta: Int, view: inout DashboardViewState,
                                   snapshot: TrainingSnapshot) -> [DashboardAction] {
        let base = displayedTruncation(view: view, snapshot: snapshot)
        if view.focus == .k2, base == .off {
            view.notice = "k2 has no effect in sentence mode (k1 = off)"
            return []
        }
        let next = TruncationSlider.moved(base, slider: view.focus, by: delta,
                                          sentenceModeAvailable: snapshot.sentenceModeAvailable,
                                          remembered: view.lastBlocks)
        guard next != base else {
            if view.focus == .k1, delta > 0, base != .off, !snapshot.sentenceModeAvailable {
                view.notice = "k1=off (full BPTT per sentence) needs a corpus with sentences"
            }
            return []
        }
        view.pendingTruncation = next == snapshot.truncation ? nil : PendingTruncation(from: snapshot.truncation, to: next)
        return [.command(.setTruncation(next))]
    }

    private static func handlePicker(_ key: KeyInput, view: inout DashboardViewState) -> [DashboardAction] {
        guard var picker = view.picker else { return [] }
        let last = max(0, picker.choices.count - 1)
        switch key {
        case .up, .character("k"): picker.selection = max(0, picker.selection - 1)
        case .down, .character("j"): picker.selection = min(last, picker.selection + 1)
        case .pageUp: picker.selection = max(0, picker.selection - 5)
        case .pageDown: picker.selection = min(last, picker.selection + 5)
        case .home: picker.selection = 0
        case .end: picker.selection = last
        case .enter:
            view.picker = nil
            guard let choice = picker.selected else { return [] }
            view.pendingTruncation = nil
            return [.launch(choice)]
        case .escape, .character("q"), .character("p"):
            view.picker = nil
            return []
        default:
            return []
        }
        view.picker = picker
        return []
    }
}
