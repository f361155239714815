import Testing
import BPTTTraining
import BPTTNumerics
@testable import BPTTDashboard

/// The run's own view state, kept across presses (a class: `press` takes the view inout).
final class RunBox { var state = RunViewState() }

@Suite struct DashboardKeysTests {
    var view = Fixtures.view
    let snapshot = Fixtures.training   // training, optimized, k1=8 k2=4, sentences available
    let run = RunBox()

    /// One key for one run alone (run 0, "A").
    func press(_ key: KeyInput, _ view: inout DashboardViewState, _ snapshot: TrainingSnapshot = Fixtures.training) -> [DashboardAction] {
        var runs = [DashboardRun(snapshot: snapshot, state: run.state)]
        defer { run.state = runs[0].state }
        return DashboardKeys.handle(key, view: &view, runs: &runs)
    }

    @Test mutating func qQuitsAndCtrlCQuitsEvenOverAnOverlay() {
        #expect(press(.character("q"), &view) == [.quit])
        view.showHelp = true
        #expect(press(.interrupt, &view) == [.quit])
        view.showHelp = false
        view.picker = RunPickerState(choices: view.runChoices)
        #expect(press(.interrupt, &view) == [.quit])
    }

    @Test mutating func spacePausesOrResumesByState() {
        #expect(press(.character(" "), &view) == [.command(.pause, run: 0)])
        var starting = snapshot
        starting.state = .starting
        #expect(press(.character(" "), &view, starting) == [.command(.pause, run: 0)])
        var paused = snapshot
        paused.state = .paused(reason: "checkpointing")
        #expect(press(.character(" "), &view, paused) == [.command(.resume, run: 0)])
        var finished = snapshot
        finished.state = .finished(reason: "max steps")
        #expect(press(.character(" "), &view, finished) == [])
        #expect(view.notice?.contains("ended") == true)
    }

    @Test mutating func spaceOnADivergedRunTriesAgainAndSaysSo() {
        var failed = snapshot
        failed.state = .failed(message: "step 7: the loss is nan; the weights of step 6 are kept")
        #expect(press(.character(" "), &view, failed) == [.command(.resume, run: 0)])
        #expect(view.notice == DashboardKeys.retryNotice)
        var stopped = snapshot
        stopped.state = .stopped(reason: "stopped by the user")
        #expect(press(.character(" "), &view, stopped) == [])
        #expect(view.notice?.contains("ended") == true)
    }

    @Test mutating func nStepsOnlyWhilePaused() {
        var paused = snapshot
        paused.state = .paused(reason: nil)
        #expect(press(.character("n"), &view, paused) == [.command(.singleStep, run: 0)])
        #expect(view.notice == nil)
        #expect(press(.character("n"), &view) == [])
        #expect(view.notice?.contains("space") == true)
    }

    @Test mutating func arrowsMoveTheFocusedSlider() {
        #expect(press(.right, &view) == [.command(.setTruncation(.blocks(k1: 10, k2: 4)), run: 0)])
        view = Fixtures.view
        run.state = RunViewState()
        #expect(press(.left, &view) == [.command(.setTruncation(.blocks(k1: 6, k2: 4)), run: 0)])
        view = Fixtures.view
        run.state = RunViewState()
        view.focus = .k2
        #expect(press(.right, &view) == [.command(.setTruncation(.blocks(k1: 8, k2: 5)), run: 0)])
    }

    @Test mutating func keyRepeatStepsOnFromThePendingRequest() {
        #expect(press(.right, &view) == [.command(.setTruncation(.blocks(k1: 10, k2: 4)), run: 0)])
        // The session has not published k1=10 yet: the next press goes on to 12, not 10 again.
        #expect(press(.right, &view) == [.command(.setTruncation(.blocks(k1: 12, k2: 4)), run: 0)])
        #expect(DashboardKeys.displayedTruncation(DashboardRun(snapshot: snapshot, state: run.state)) == .blocks(k1: 12, k2: 4))
        // Once the session shows the request, the pending state is dropped.
        var applied = snapshot
        applied.truncation = .blocks(k1: 12, k2: 4)
        #expect(press(.right, &view, applied) == [.command(.setTruncation(.blocks(k1: 16, k2: 4)), run: 0)])
        // If the session changed truncation some other way, the snapshot wins.
        var other = snapshot
        other.truncation = .blocks(k1: 2, k2: 0)
        #expect(press(.right, &view, other) == [.command(.setTruncation(.blocks(k1: 3, k2: 0)), run: 0)])
    }

    @Test mutating func k1GoesToOffAndBackToTheLastBlocks() {
        var top = snapshot
        top.truncation = .blocks(k1: 1000, k2: 6)
        #expect(press(.right, &view, top) == [.command(.setTruncation(.off), run: 0)])
        #expect(run.state.lastBlocks == .blocks(k1: 1000, k2: 6))
        var off = snapshot
        off.truncation = .off
        #expect(press(.right, &view, off) == [], "off is the last stop")
        #expect(press(.left, &view, off) == [.command(.setTruncation(.blocks(k1: 1000, k2: 6)), run: 0)])
        view = Fixtures.view
        run.state = RunViewState()
        view.focus = .k2
        #expect(press(.right, &view, off) == [])
        #expect(view.notice?.contains("sentence mode") == true)
    }

    @Test mutating func offIsExplainedWhenTheCorpusHasNoSentences() {
        var noSentences = snapshot
        noSentences.sentenceModeAvailable = false
        noSentences.truncation = .blocks(k1: 1000, k2: 0)
        #expect(press(.right, &view, noSentences) == [])
        #expect(view.notice?.contains("needs a corpus with sentences") == true)
        var bottom = snapshot
        bottom.truncation = .blocks(k1: 1, k2: 0)
        #expect(press(.left, &view, bottom) == [])
        #expect(view.notice == nil, "the end of the ladder needs no explanation")
    }

    @Test mutating func tabAndShiftTabMoveFocus() {
        _ = press(.tab, &view)
        #expect(view.focus == .k2)
        _ = press(.tab, &view)
        #expect(view.focus == .k1)
        #expect(press(.backTab, &view) == [])
        #expect(view.focus == .k2)
    }

    @Test mutating func eSwitchesEngine() {
        #expect(press(.character("e"), &view) == [.command(.setEngine(.naive), run: 0)])
        var naive = snapshot
        naive.engine = .naive
        #expect(press(.character("e"), &view, naive) == [.command(.setEngine(.optimized), run: 0)])
    }

    @Test mutating func chartKeysChangeOnlyTheView() {
        #expect(press(.character("l"), &view) == [])
        #expect(view.logScale)
        #expect(press(.character("s"), &view) == [])
        #expect(view.smoothing == 0.8)
        _ = press(.character("S"), &view)
        _ = press(.character("S"), &view)
        #expect(view.smoothing == 0.95)
        _ = press(.character("t"), &view)
        #expect(view.xAxisByTime)
        _ = press(.character("l"), &view)
        #expect(!view.logScale)
    }

    @Test mutating func rRestarts() {
        #expect(press(.character("r"), &view) == [.command(.restart, run: 0)])
    }

    @Test mutating func helpOpensAndAnyKeyClosesItWithoutActing() {
        #expect(press(.character("?"), &view) == [])
        #expect(view.showHelp)
        #expect(press(.resize, &view) == [])
        #expect(view.showHelp, "a resize is not a key press")
        #expect(press(.character("q"), &view) == [], "q closes help instead of quitting")
        #expect(!view.showHelp)
        _ = press(.character("h"), &view)
        #expect(press(.escape, &view) == [])
        #expect(!view.showHelp)
    }

    @Test mutating func questionMarkTurnsTheHelpToTheGlyphPageThenCloses() {
        _ = press(.character("?"), &view)
        #expect(view.showHelp && view.helpPage == 0)
        _ = press(.character("?"), &view)
        #expect(view.showHelp && view.helpPage == 1, "? again shows what the glyphs mean")
        _ = press(.character("?"), &view)
        #expect(!view.showHelp)
        _ = press(.character("?"), &view)
        #expect(view.helpPage == 0, "help opens on the keys")
    }

    @Test mutating func gSwitchesTheGradientColourScaleAndWAsksForAPicture() {
        #expect(view.gradientScale == .fixedDecades)
        #expect(press(.character("g"), &view) == [])
        #expect(view.gradientScale == .perRow)
        _ = press(.character("g"), &view)
        #expect(view.gradientScale == .fixedDecades)
        #expect(press(.character("w"), &view) == [.writeScreen])
    }

    @Test mutating func pickerOpensOnTheCurrentRunAndLaunchesTheChoice() {
        var second = snapshot
        second.runName = "builtin-full-bptt"
        #expect(press(.character("p"), &view, second) == [])
        #expect(view.picker?.selection == 1)
        _ = press(.down, &view)
        _ = press(.down, &view)
        #expect(view.picker?.selection == 2, "clamped at the last choice")
        _ = press(.up, &view)
        _ = press(.home, &view)
        #expect(view.picker?.selection == 0)
        _ = press(.end, &view)
        #expect(press(.character("e"), &view) == [], "other keys do nothing inside the picker")
        #expect(press(.enter, &view) == [.launch(Fixtures.view.runChoices[2])])
        #expect(view.picker == nil)
    }

    @Test mutating func pickerClosesOnEscapeAndWorksWhenEmpty() {
        _ = press(.character("p"), &view)
        #expect(press(.escape, &view) == [])
        #expect(view.picker == nil)
        view.runChoices = []
        _ = press(.character("p"), &view)
        #expect(view.picker != nil)
        #expect(press(.enter, &view) == [])
        #expect(view.picker == nil)
    }

    @Test mutating func unknownKeysHintAtHelpAndTheHintClearsOnTheNextKey() {
        #expect(press(.character("x"), &view) == [])
        #expect(view.notice == "press ? for the list of keys")
        _ = press(.resize, &view)
        #expect(view.notice != nil)
        _ = press(.character("l"), &view)
        #expect(view.notice == nil)
    }

    /// Every key the help overlay lists does something (changes the view or asks for an action).
    @Test func everyListedKeyIsHandled() {
        let keysFor: [String: [KeyInput]] = [
            "space": [.character(" ")], "n": [.character("n")], "← →": [.left, .right], "tab": [.tab],
            "e": [.character("e")], "r": [.character("r")], "p": [.character("p")], "l": [.character("l")],
            "s S": [.character("s"), .character("S")], "t": [.character("t")], "?": [.character("?")],
            "esc": [.escape], "q": [.character("q")], "g": [.character("g")], "w": [.character("w")],
            "v": [.character("v")], "b": [.character("b")], "f": [.character("f")],
            "c": [.character("c")], "d": [.character("d")],
        ]
        for binding in KeyBindings.all {
            let keys = keysFor[binding.keys]
            #expect(keys != nil, "no test mapping for listed key \(binding.keys)")
            for key in keys ?? [] {
                var view = Fixtures.view
                var snapshot = Fixtures.training
                if key == .character("n") { snapshot.state = .paused(reason: nil) }
                if key == .escape { view.showHelp = true }
                if key == .character("d") { snapshot.cell = .lstm } // only LSTM has a second path
                let before = view
                // f switches between two runs: it needs a B.
                var runs = [DashboardRun(snapshot: snapshot)]
                if key == .character("f") { runs.append(DashboardRun(snapshot: snapshot, letter: "B", difference: "off")) }
                let actions = DashboardKeys.handle(key, view: &view, runs: &runs)
                let changed = view.focus != before.focus || view.focusedRun != before.focusedRun
                    || view.compareMenu != before.compareMenu || view.logScale != before.logScale
                    || view.smoothing != before.smoothing || view.xAxisByTime != before.xAxisByTime
                    || view.showHelp != before.showHelp || view.picker != before.picker
                    || view.gradientScale != before.gradientScale || view.lossView != before.lossView
                    || view.gradientPath != before.gradientPath
                #expect(!actions.isEmpty || changed, "\(binding.keys) did nothing")
            }
        }
    }
}
