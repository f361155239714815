import ArgumentParser
import BPTTCorpus
import BPTTNumerics
import Foundation
import BPTTDashboard
import BPTTTerminal
import BPTTTraining

/// `bptt-lab screenshot`: trains headless, then draws the dashboard of that moment into an SVG, the
/// same cell grid the terminal would show (docs/pictures.sh makes the README's pictures with it).
struct ScreenshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screenshot",
        abstract: "Train N updates headless and write the dashboard's screen as an SVG picture.",
        discussion: """
            Example: bptt-lab screenshot --config configs/vanishing.cfg --updates 20000 --size 120x40 --out v.svg
            With --then-k1 K the run trains --updates, sets k1 = K (a control change on the chart),
            and trains --more updates before the picture is taken. With --then-compare CHANGE it starts
            run B after --updates (a copy of A with CHANGE: off, k1=20, k2=8, naive, adam, lstm, ...) and
            takes the picture of both when B has trained --more updates.
            """)

    @OptionGroup var options: RunOptions

    @Option(help: "Updates to train before the picture.")
    var updates: Int = 5000

    @Option(help: "Screen size as COLUMNSxROWS (at least 80x24).")
    var size = ScreenSize(width: 120, height: 40)

    @Option(help: "The SVG file to write.")
    var out: String

    @Option(help: "After --updates, set k1 to this value and train --more updates.")
    var thenK1: Int?

    @Option(help: "After --updates, start run B as a copy of A with this change (off, k1=N, k2=N, an engine or an optimizer) and train it --more updates.")
    var thenCompare: String?

    @Option(help: "Updates after the k1 change (with --then-k1), or of run B (with --then-compare).")
    var more: Int = 5000

    @Option(help: "Give up waiting for training after this many seconds.")
    var timeout: Double = 600

    @Option(help: "Also write the screen's characters as plain text here.")
    var textOut: String?

    @Flag(help: "Draw as a monochrome terminal would (glyphs and attributes only).")
    var noColor = false

    func validate() throws {
        // Bounded so that the step after --then-k1 (updates + more) cannot overflow.
        for (name, value) in [("--updates", updates), ("--more", more)] where !(1...1_000_000_000).contains(value) {
            throw ValidationError("\(name) must be within 1...1000000000, got \(value)")
        }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds, got \(timeout)") }
        guard size.width >= DashboardRenderer.minimumSize.width, size.height >= DashboardRenderer.minimumSize.height else {
            throw ValidationError("--size must be at least 80x24, got \(size)")
        }
        if thenK1 != nil, thenCompare != nil {
            throw ValidationError("--then-k1 and --then-compare: give one of them")
        }
        if let thenK1, !Truncation.k1Range.contains(thenK1) {
            throw ValidationError("--then-k1 must be within \(Truncation.k1Range), got \(thenK1)")
        }
    }

    func run() throws {
        try reportingErrors {
            var config = try options.loadConfig()
            config.checkpoint = "" // a picture never writes or resumes a checkpoint
            let change = try thenCompare.map { try Self.change($0, config: config) }
            // Both pictures' paths are checked before any training time is spent.
            var inputs = config.inputFiles
            if let file = options.config { inputs.append(.init(path: file, role: "the config file")) }
            if let textOut { try OutputFile.checkDistinct([("--out", out), ("--text-out", textOut)]) }
            try OutputFile.check(out, option: "--out", kind: .svgScreen, inputs: inputs)
            if let textOut { try OutputFile.check(textOut, option: "--text-out", kind: .textScreen, inputs: inputs) }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bptt-lab-screenshot-\(getpid())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let run = try RunLauncher.make(config, RunLauncher.Options(
                start: .fresh, metricsPath: folder.appendingPathComponent("metrics.jsonl").path))
            let session = run.session
            session.start()
            defer { session.stopAndWait() }
            let waitForProbe = config.probeEverySeconds > 0
            try trainUntil(session, step: updates, probe: waitForProbe)
            var target = updates
            if let thenK1 {
                let k2 = session.snapshot.truncation.k2 ?? TrainingConfig.defaultBlocks.k2!
                session.send(.setTruncation(.blocks(k1: thenK1, k2: k2)))
                target = session.snapshot.step + more
                try trainUntil(session, step: target, probe: waitForProbe)
            }
            var runs = [DashboardRun(snapshot: try pausedSnapshot(session))]
            if let change {
                let b = try startComparison(change, config: config, a: session.snapshot, folder: folder)
                defer { b.stopAndWait() }
                try trainUntil(b, step: more, probe: false)
                let names = change.names(a: DashboardRun(snapshot: session.snapshot, optimizer: config.optimizer))
                runs = [DashboardRun(snapshot: try pausedSnapshot(session), letter: "A", difference: names.a),
                        DashboardRun(snapshot: try pausedSnapshot(b), letter: "B", difference: names.b)]
            }
            let grid = DashboardRenderer.render(runs: runs, view: DashboardViewState(useColor: !noColor),
                                                width: size.width, height: size.height)
            let svg = SVGScreen.render(grid, mode: noColor ? .monochrome : .palette256)
            try OutputFile.replace(out, option: "--out", kind: .svgScreen, inputs: inputs, with: Array(svg.utf8))
            if let textOut {
                try OutputFile.replace(textOut, option: "--text-out", kind: .textScreen, inputs: inputs,
                                       with: Array((grid.text + "\n").utf8))
            }
            let trained = runs.map { "\($0.snapshot.step) updates of \($0.snapshot.runName)" }.joined(separator: " and ")
            print("\(out): \(size) after \(trained)")
        }
    }

    /// Pauses the session and returns its snapshot once it shows the pause.
    private func pausedSnapshot(_ session: TrainingSession) throws -> TrainingSnapshot {
        session.send(.pause)
        return session.waitForSnapshot(timeout: 30) { if case .paused = $0.state { true } else { false } } ?? session.snapshot
    }

    /// `--then-compare`'s change, checked against the run's config: one line naming the value when
    /// it is none of the changes, or a truncation the limits refuse.
    static func change(_ text: String, config: TrainingConfig) throws -> CompareChange {
        let current = config.truncation
        guard let change = CompareChange.parse(text, current: current) else {
            throw LabError("--then-compare \(ErrorValue.cut(text)): expected off, k1=N, k2=N, k1=N,k2=M, "
                + EngineKind.allCases.map(\.rawValue).joined(separator: ", ") + ", "
                + OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ") + " or "
                + CellKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if case .truncation(let t) = change {
            do { try t.validate() } catch { throw LabError("--then-compare \(text): \(DashboardController.describe(error))") }
        }
        return change
    }

    /// Run B beside the picture's run A, writing its metrics into the picture's scratch folder.
    private func startComparison(_ change: CompareChange, config: TrainingConfig, a: TrainingSnapshot,
                                 folder: URL) throws -> TrainingSession {
        var options = RunLauncher.Options(start: .fresh, metricsPath: folder.appendingPathComponent("metrics-B.jsonl").path)
        options.probe = false
        let b = try RunLauncher.make(CompareRun.config(from: config, now: a, change: change), options)
        b.session.start()
        return b.session
    }

    /// Waits until the session has trained `step` updates and, when the probe is on (`probe`), the
    /// first timing probe has reported (it is due half a second in; with probe_every_seconds = 0 it
    /// never comes). A divergence ends the wait at once: no picture, exit 3 as `train` does.
    private func trainUntil(_ session: TrainingSession, step: Int, probe: Bool) throws {
        let reached = session.waitForSnapshot(timeout: timeout) { s in
            switch s.state {
            case .failed, .stopped, .finished: return true
            default: return s.step >= step && (!probe || s.probe != nil)
            }
        }
        if let failure = session.metricsFailure { throw OutputFile.WriteFailure(message: failure) }
        guard let reached else {
            let now = session.snapshot
            throw ScreenshotError(message: "training did not reach \(step) updates in \(Int(timeout)) s "
                + "(it made \(now.step)): raise --timeout or lower --updates")
        }
        if case .failed(let reason) = reached.state {
            printError("training diverged after \(reached.step) of \(step) updates: \(reason); no picture written")
            throw ExitCode(TrainCommand.divergedStatus)
        }
        if case .stopped(let reason) = reached.state {
            throw ScreenshotError(message: "training stopped after \(reached.step) of \(step) updates: \(reason); no picture written")
        }
    }

    struct ScreenshotError: LocalizedError {
        var message: String
        var errorDescription: String? { message }
    }
}
