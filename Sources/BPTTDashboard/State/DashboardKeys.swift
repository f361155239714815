import BPTTTraining
import BPTTNumerics

/// The key handler: a pure state machine from a key (and the runs' latest snapshots) to view
/// changes, run state changes and actions for the app; the run keys act on the focused run. No
/// terminal, no clock, no session: tested directly.
public enum DashboardKeys {
    public static func handle(_ key: KeyInput, view: inout DashboardViewState,
                              runs: inout [DashboardRun]) -> [DashboardAction] {
        if key == .interrupt { return [.quit] }
        if key == .resize { return [] }
        view.notice = nil
        guard !runs.isEmpty else { return key == .character("q") ? [.quit] : [] }
        for i in runs.indices {
            let snapshot = runs[i].snapshot
            if case .blocks = snapshot.truncation { runs[i].state.lastBlocks = snapshot.truncation }
            runs[i].state.pendingTruncation = runs[i].state.pendingTruncation.flatMap { $0.from == snapshot.truncation ? $0 : nil }
        }
        view.focusedRun = min(max(0, view.focusedRun), runs.count - 1)
        let target = view.focusedRun
        let snapshot = runs[target].snapshot

        if view.showHelp {
            if key == .character("?") && view.helpPage == 0 {
                view.helpPage = 1
            } else {
                view.showHelp = false
            }
            return []
        }
        if view.picker != nil { return handlePicker(key, view: &view) }
        if view.compareMenu != nil { return handleCompareMenu(key, view: &view) }

        switch key {
        case .character("q"):
            return [.quit]
        case .character(" "):
            return togglePause(view: &view, state: snapshot.state).map { .command($0, run: target) }
        case .character("n"):
            if case .paused = snapshot.state { return [.command(.singleStep, run: target)] }
            view.notice = "n steps once while paused: press space to pause first"
            return []
        case .left, .right:
            return moveSlider(by: key == .right ? 1 : -1, view: &view, run: &runs[target]).map { .command($0, run: target) }
        case .tab, .backTab:
            view.focus = view.focus == .k1 ? .k2 : .k1
            return []
        case .character("e"):
            return [.command(.setEngine(snapshot.engine == .naive ? .optimized : .naive), run: target)]
        case .character("r"):
            runs[target].state.pendingTruncation = nil
            return [.command(.restart, run: target)]
        case .character("c"):
            runs[target].state.pendingTruncation = nil
            return [.cycleCell(run: target)]
        case .character("b"):
            // The same key starts B and stops it: there is one comparison at a time.
            if runs.count > 1 {
                view.focusedRun = 0
                return [.stopRun(runs.count - 1)]
            }
            view.compareMenu = CompareMenuState(choices: CompareChange.choices(for: runs[0]))
            return []
        case .character("f"):
            guard runs.count > 1 else {
                view.notice = "f switches between runs A and B: press b to start B first"
                return []
            }
            view.focusedRun = (target + 1) % runs.count
            return []
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
        case .character("d"):
            guard snapshot.cell == .lstm else {
                // Said, not pretended: the panel keeps showing the one state the cell has.
                view.notice = snapshot.cell == .elman ? "an Elman cell has no cell state: only s_t (c switches the cell)"
                                                      : "a GRU has no cell state: its one state is h_t (c switches the cell)"
                return []
            }
            view.gradientPath = view.gradientPath == .hidden ? .cell : .hidden
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
    public static func displayedTruncation(_ run: DashboardRun) -> Truncation {
        if let pending = run.state.pendingTruncation, pending.from == run.snapshot.truncation { return pending.to }
        return run.snapshot.truncation
    }

    private static func togglePause(view: inout DashboardViewState, state: RunState) -> [SessionCommand] {
        switch state {
        case .starting, .training:
            return [.pause]
        case .paused:
            return [.resume]
        case .failed:
            // The guard refused an update and kept the last sane weights: trying again from them is
            // what the session offers (after a slider or engine change, say); r starts afresh.
            view.notice = retryNotice
            return [.resume]
        case .stopped, .finished:
            view.notice = "this run has ended: r restarts it, p picks another"
            return []
        }
    }

    /// Said when space resumes a diverged run.
    static let retryNotice = "trying again from the last sane weights: r restarts afresh"

    private static func moveSlider(by delta: Int, view: inout DashboardViewState,
                                   run: inout DashboardRun) -> [SessionCommand] {
        let snapshot = run.snapshot
        let base = displayedTruncation(run)
        if view.focus == .k2, base == .off {
            view.notice = "k2 has no effect in sentence mode (k1 = off)"
            return []
        }
        let next = TruncationSlider.moved(base, slider: view.focus, by: delta,
                                          sentenceModeAvailable: snapshot.sentenceModeAvailable,
                                          remembered: run.state.lastBlocks)
        guard next != base else {
            if view.focus == .k1, delta > 0, base != .off, !snapshot.sentenceModeAvailable {
                view.notice = "k1=off (full BPTT per sentence) needs a corpus with sentences"
            }
            return []
        }
        run.state.pendingTruncation = next == snapshot.truncation ? nil : PendingTruncation(from: snapshot.truncation, to: next)
        return [.setTruncation(next)]
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

    private static func handleCompareMenu(_ key: KeyInput, view: inout DashboardViewState) -> [DashboardAction] {
        guard var menu = view.compareMenu else { return [] }
        let last = max(0, menu.choices.count - 1)
        switch key {
        case .up, .character("k"): menu.selection = max(0, menu.selection - 1)
        case .down, .character("j"): menu.selection = min(last, menu.selection + 1)
        case .home: menu.selection = 0
        case .end: menu.selection = last
        case .enter:
            view.compareMenu = nil
            guard let change = menu.selected else { return [] }
            return [.compare(change)]
        case .escape, .character("q"), .character("b"):
            view.compareMenu = nil
            return []
        default:
            return []
        }
        view.compareMenu = menu
        return []
    }
}
