import Foundation
import BPTTDashboard
import BPTTTraining

/// Connects the pure dashboard to a live run: keys go through `DashboardKeys`, the resulting actions
/// reach the session (or launch another run from its config), and frames are rendered from the
/// latest snapshot only when it or the view changed. Used by the terminal loop on the main thread;
/// it lives in the app because it loads configs and builds trainers, which the pure dashboard
/// module never does.
final class DashboardController {
    private(set) var run: RunLauncher.Run
    private(set) var view: DashboardViewState
    private var renderedVersion = -1
    private var viewChanged = true
    /// Earlier runs kept as faint reference curves.
    static let maximumReferenceRuns = 4
    /// Writes a picture of `grid` into `folder` and returns its path (the terminal layer sets it: the
    /// colours live there). Without it, `w` says that pictures are not available.
    var screenWriter: ((_ grid: CellGrid, _ folder: String, _ step: Int) throws -> String)?
    private var lastSize = DashboardRenderer.minimumSize

    init(run: RunLauncher.Run, runChoices: [RunChoice], useColor: Bool) {
        self.run = run
        self.view = DashboardViewState(runChoices: runChoices, useColor: useColor)
    }

    func start() { run.session.start() }

    /// Where the configs were looked for and the folder they came from (nil: none found).
    func setRunSearch(path: [String], folder: String?) {
        view.runSearchPath = path
        view.runFolder = folder
    }

    var needsRedraw: Bool { viewChanged || run.session.snapshotVersion != renderedVersion }

    func frame(width: Int, height: Int) -> CellGrid {
        let version = run.session.snapshotVersion
        let snapshot = run.session.snapshot
        renderedVersion = version
        viewChanged = false
        lastSize = (width, height)
        return DashboardRenderer.render(snapshot: snapshot, view: view, width: width, height: height)
    }

    /// Applies a key; returns false when the dashboard should quit.
    func handle(_ key: KeyInput) -> Bool {
        viewChanged = true
        let actions = DashboardKeys.handle(key, view: &view, snapshot: run.session.snapshot)
        for action in actions {
            switch action {
            case .quit:
                return false
            case .command(let command):
                run.session.send(command)
            case .launch(let choice):
                launch(choice)
            case .writeScreen:
                writeScreen()
            }
        }
        return true
    }

    /// Renders the screen as it is now (without overlays) and hands it to `screenWriter`; the notice
    /// says where the picture went.
    func writeScreen() {
        guard let screenWriter else {
            view.notice = "screen pictures are not available here"
            return
        }
        let snapshot = run.session.snapshot
        var clean = view
        clean.notice = nil
        let grid = DashboardRenderer.render(snapshot: snapshot, view: clean, width: lastSize.width, height: lastSize.height)
        let folder = (run.metricsPath as NSString).deletingLastPathComponent
        do {
            view.notice = "screen written to " + (try screenWriter(grid, folder.isEmpty ? "." : folder, snapshot.step))
        } catch {
            view.notice = "cannot write the screen: \((error as? LocalizedError)?.errorDescription ?? "\(error)")"
        }
    }

    /// Stops the running session (saving its checkpoint when one is configured) and waits for it.
    @discardableResult
    func shutdown(timeout: Double = 30) -> Bool {
        run.session.stopAndWait(timeout: timeout)
    }

    /// Builds the chosen run first, so a broken config leaves the current run going; then stops the
    /// current one, keeps its loss curve as a reference and starts the new one.
    func launch(_ choice: RunChoice) {
        let next: RunLauncher.Run
        do {
            next = try RunLauncher.make(try ConfigLoader.load(path: choice.path))
        } catch {
            view.notice = "cannot launch \(choice.name): \((error as? LocalizedError)?.errorDescription ?? "\(error)")"
            return
        }
        let finished = run.session.snapshot
        shutdown()
        if !finished.trainLoss.isEmpty {
            let label = "\(finished.runName) \(finished.truncation == .off ? "off" : finished.truncation.description)"
            view.referenceRuns.append(ReferenceRun(name: label, trainLoss: finished.trainLoss))
            if view.referenceRuns.count > Self.maximumReferenceRuns { view.referenceRuns.removeFirst() }
        }
        view.pendingTruncation = nil
        view.lastBlocks = nil
        run = next
        run.session.start()
        viewChanged = true
    }
}
