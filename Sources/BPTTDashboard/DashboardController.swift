import Foundation
import BPTTTraining

/// Connects the pure pieces to a live run: keys go through `DashboardKeys`, the resulting actions
/// reach the session (or launch another run), and frames are rendered from the latest snapshot only
/// when it or the view changed. Used by the terminal loop on the main thread; no ncurses here.
public final class DashboardController {
    public private(set) var run: RunLauncher.Run
    public private(set) var view: DashboardViewState
    private var renderedVersion = -1
    private var viewChanged = true
    /// Earlier runs kept as faint reference curves.
    public static let maximumReferenceRuns = 4

    public init(run: RunLauncher.Run, runChoices: [RunChoice], runChoicesSource: String = "configs/", useColor: Bool) {
        self.run = run
        self.view = DashboardViewState(runChoices: runChoices, useColor: useColor)
        view.runChoicesSource = runChoicesSource
    }

    public func start() { run.session.start() }

    public var needsRedraw: Bool { viewChanged || run.session.snapshotVersion != renderedVersion }

    public func frame(width: Int, height: Int) -> CellGrid {
        let version = run.session.snapshotVersion
        let snapshot = run.session.snapshot
        renderedVersion = version
        viewChanged = false
        return DashboardRenderer.render(snapshot: snapshot, view: view, width: width, height: height)
    }

    /// Applies a key; returns false when the dashboard should quit.
    public func handle(_ key: KeyInput) -> Bool {
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
            }
        }
        return true
    }

    /// Stops the running session (saving its checkpoint when one is configured) and waits for it.
    @discardableResult
    public func shutdown(timeout: Double = 30) -> Bool {
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
