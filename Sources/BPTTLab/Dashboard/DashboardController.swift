import Foundation
import BPTTDashboard
import BPTTTraining

/// Connects the pure dashboard to live runs: run A, and run B while a comparison runs. Keys go
/// through `DashboardKeys`, the resulting actions reach the run they name (or launch another run,
/// or start and stop B), and frames are rendered from the latest snapshots only when one of them or
/// the view changed. Used by the terminal loop on the main thread; it lives in the app because it
/// loads configs and builds trainers, which the pure dashboard module never does.
final class DashboardController {
    /// A live run and what the dashboard keeps about it.
    struct LiveRun {
        var run: RunLauncher.Run
        var state = RunViewState()
        var letter: String
        /// What sets it apart from the other run, for the legend; empty when it runs alone.
        var difference = ""
    }

    /// The runs on screen: A first, then B while comparing.
    private(set) var runs: [LiveRun]
    /// Runs B that `b` stopped during the sitting: the command reports them at the end too.
    private(set) var stoppedRuns: [RunLauncher.Run] = []
    private(set) var view: DashboardViewState
    private var renderedVersions: [Int] = []
    private var viewChanged = true
    /// Earlier runs kept as faint reference curves.
    static let maximumReferenceRuns = 4
    /// Writes a picture of `grid` into `folder` and returns its path (the terminal layer sets it: the
    /// colours live there). Without it, `w` says that pictures are not available.
    var screenWriter: ((_ grid: CellGrid, _ folder: String, _ step: Int) throws -> String)?
    /// B's metrics file when A's was given with --metrics (B's goes beside it); nil: a run folder of its own.
    var comparisonMetricsPath: String?
    /// Files B reads besides its config's data files (the config file A came from).
    var comparisonInputs: [OutputFile.Input] = []
    private var lastSize = DashboardRenderer.minimumSize

    init(run: RunLauncher.Run, runChoices: [RunChoice], useColor: Bool) {
        runs = [LiveRun(run: run, letter: "A")]
        view = DashboardViewState(runChoices: runChoices, useColor: useColor)
    }

    /// Run A.
    var run: RunLauncher.Run { runs[0].run }

    func start() { for live in runs { live.run.session.start() } }

    /// Where the configs were looked for and the folder they came from (nil: none found).
    func setRunSearch(path: [String], folder: String?) {
        view.runSearchPath = path
        view.runFolder = folder
    }

    var needsRedraw: Bool { viewChanged || runs.map(\.run.session.snapshotVersion) != renderedVersions }

    func frame(width: Int, height: Int) -> CellGrid {
        // Versions before snapshots: a snapshot published in between is drawn now and again next tick.
        renderedVersions = runs.map(\.run.session.snapshotVersion)
        viewChanged = false
        lastSize = (width, height)
        return DashboardRenderer.render(runs: dashboardRuns(), view: view, width: width, height: height)
    }

    /// The runs as the pure dashboard sees them. Two runs of different cells (after `c`) name their
    /// cell in the legend unless the difference already is the cell.
    private func dashboardRuns() -> [DashboardRun] {
        let cellsDiffer = Set(runs.map(\.run.config.cell)).count > 1
        return runs.map { live in
            var difference = live.difference
            let cell = live.run.config.cell.rawValue
            if cellsDiffer, CellKind(rawValue: difference) == nil { difference += difference.isEmpty ? cell : " " + cell }
            return DashboardRun(snapshot: live.run.session.snapshot, state: live.state, letter: live.letter,
                                difference: difference, optimizer: live.run.config.optimizer)
        }
    }

    /// Applies a key; returns false when the dashboard should quit.
    func handle(_ key: KeyInput) -> Bool {
        viewChanged = true
        var shown = dashboardRuns()
        let actions = DashboardKeys.handle(key, view: &view, runs: &shown)
        for index in runs.indices { runs[index].state = shown[index].state }
        for action in actions {
            switch action {
            case .quit:
                return false
            case .command(let command, let index):
                if runs.indices.contains(index) { runs[index].run.session.send(command) }
            case .launch(let choice):
                launch(choice)
            case .compare(let change):
                compare(change)
            case .stopRun(let index):
                stopRun(index)
            case .writeScreen:
                writeScreen()
            case .cycleCell(let index):
                cycleCell(index)
            }
        }
        return true
    }

    /// Renders the screen as it is now (without overlays) and hands it to `screenWriter`; the notice
    /// says where the picture went. It goes into the focused run's folder.
    func writeScreen() {
        guard let screenWriter else {
            view.notice = "screen pictures are not available here"
            return
        }
        let shown = dashboardRuns()
        var clean = view
        clean.notice = nil
        let grid = DashboardRenderer.render(runs: shown, view: clean, width: lastSize.width, height: lastSize.height)
        let focused = min(view.focusedRun, runs.count - 1)
        let folder = (runs[focused].run.metricsPath as NSString).deletingLastPathComponent
        do {
            view.notice = "screen written to " + (try screenWriter(grid, folder.isEmpty ? "." : folder, shown[focused].snapshot.step))
        } catch {
            view.notice = "cannot write the screen: \(Self.describe(error))"
        }
    }

    /// Stops every run at once (each saving its checkpoint when one is configured) and waits for them.
    @discardableResult
    func shutdown(timeout: Double = 30) -> Bool {
        for live in runs { live.run.session.send(.stop) }
        return runs.map { $0.run.session.waitUntilEnded(timeout: timeout) }.allSatisfy { $0 }
    }

    // MARK: Comparing

    /// Starts run B beside A: A's config as A runs now, with `change`, from the same seed. A broken
    /// B (e.g. "off" without sentences) leaves A alone and says why.
    func compare(_ change: CompareChange) {
        guard runs.count == 1 else { return }
        let a = runs[0]
        let snapshot = a.run.session.snapshot
        let config = CompareRun.config(from: a.run.config, now: snapshot, change: change)
        let b: RunLauncher.Run
        do {
            var options = RunLauncher.Options(start: .fresh, metricsPath: comparisonMetricsPath)
            options.inputs = comparisonInputs
            options.probe = false // the timing probe runs for one run at a time: A's
            b = try RunLauncher.make(config, options)
        } catch {
            view.notice = "cannot start run B (\(change.label)): \(Self.describe(error))"
            return
        }
        let names = change.names(a: DashboardRun(snapshot: snapshot, optimizer: a.run.config.optimizer))
        addComparison(b, names: names)
        b.session.start()
    }

    /// Puts `run` on screen as run B, the legend naming A and B by `names` (`--compare` starts it
    /// with A; `b` with `compare`).
    func addComparison(_ run: RunLauncher.Run, names: (a: String, b: String)) {
        runs[0].difference = names.a
        runs.append(LiveRun(run: run, letter: "B", difference: names.b))
        viewChanged = true
    }

    /// Stops run B (saving it as quitting does), keeps its curve faint on A's chart, and shows A alone.
    func stopRun(_ index: Int) {
        guard index > 0, runs.indices.contains(index) else { return }
        let stopped = runs.remove(at: index)
        stopped.run.session.stopAndWait()
        stoppedRuns.append(stopped.run)
        keepAsReference(stopped.run.session.snapshot, name: "B " + stopped.difference)
        runs[0].difference = ""
        view.focusedRun = 0
        view.notice = "run B stopped and saved (its summary comes at the end)"
        viewChanged = true
    }

    // MARK: Cycling the cell

    /// Restarts run `index` with the next cell and the settings it has now (`CellCycle`): the new
    /// run is built first, so a refusal leaves the old one going; then the old one stops and saves
    /// (its summary line comes at the end), its train loss stays as a faint curve, and the new one
    /// takes its place (and letter) on screen. A, alone or beside B, keeps the timing probe.
    func cycleCell(_ index: Int) {
        guard runs.indices.contains(index) else { return }
        let old = runs[index]
        let snapshot = old.run.session.snapshot
        let cell = CellCycle.next(after: old.run.config.cell)
        let next: RunLauncher.Run
        do {
            var options = RunLauncher.Options(start: .fresh)
            options.inputs = comparisonInputs
            options.probe = index == 0
            next = try RunLauncher.make(CellCycle.config(from: old.run.config, now: snapshot, cell: cell), options)
        } catch {
            view.notice = "cannot restart with cell \(cell.rawValue): \(Self.describe(error))"
            return
        }
        old.run.session.stopAndWait()
        stoppedRuns.append(old.run)
        let oldCell = old.run.config.cell.rawValue
        keepAsReference(snapshot, name: runs.count > 1 ? "\(old.letter) \(oldCell)" : "\(snapshot.runName) \(oldCell)")
        // A legend that named the old cell names the new one.
        let difference = CellKind(rawValue: old.difference) == nil ? old.difference : cell.rawValue
        runs[index] = LiveRun(run: next, state: RunViewState(referenceRuns: runs[index].state.referenceRuns),
                              letter: old.letter, difference: difference)
        next.session.start()
        view.notice = "cell \(cell.rawValue): a fresh run with the same settings (the \(oldCell) run stopped)"
        viewChanged = true
    }

    // MARK: Launching

    /// Builds the chosen run first, so a broken config leaves the current runs going; then stops
    /// them (B too), keeps A's loss curve as a reference and starts the new one alone.
    func launch(_ choice: RunChoice) {
        let next: RunLauncher.Run
        do {
            next = try RunLauncher.make(try ConfigLoader.load(path: choice.path))
        } catch {
            view.notice = "cannot launch \(choice.name): \(Self.describe(error))"
            return
        }
        let finished = run.session.snapshot
        shutdown()
        stoppedRuns += runs.dropFirst().map(\.run)
        let label = "\(finished.runName) \(finished.truncation == .off ? "off" : finished.truncation.description)"
        keepAsReference(finished, name: label)
        runs = [LiveRun(run: next, state: RunViewState(referenceRuns: runs[0].state.referenceRuns), letter: "A")]
        view.focusedRun = 0
        next.session.start()
        viewChanged = true
    }

    /// A finished run's train loss, as a faint curve on run A's chart (the oldest dropped past the limit).
    private func keepAsReference(_ finished: TrainingSnapshot, name: String) {
        guard !finished.trainLoss.isEmpty else { return }
        runs[0].state.referenceRuns.append(ReferenceRun(name: name, trainLoss: finished.trainLoss))
        if runs[0].state.referenceRuns.count > Self.maximumReferenceRuns { runs[0].state.referenceRuns.removeFirst() }
    }

    static func describe(_ error: Error) -> String {
        (error as? LocalizedError)?.errorDescription ?? "\(error)"
    }
}
