import ArgumentParser
import Foundation
import BPTTDashboard
import BPTTNumerics
import BPTTTerminal
import BPTTTraining

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the live dashboard and start training (the default command).",
        discussion: """
            Keys: ? lists them all. q quits (saving the checkpoint when the config names one).
            --compare A.cfg B.cfg trains two runs side by side (b in the dashboard starts B from A).
            """)

    @OptionGroup var options: RunOptions

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("Two config files trained side by side as runs A and B (overrides apply to both).",
                               valueName: "A.cfg B.cfg"))
    var compare: [String] = []

    @Flag(help: "No colour (as with NO_COLOR): glyphs and attributes only.")
    var noColor = false

    @Option(help: "Frames per second (1-60).")
    var fps: Int = 30

    @Option(help: "Write JSON Lines metrics here (default: a new folder under run_dir); run B's goes beside it with -B.")
    var metrics: String?

    func validate() throws {
        guard (1...60).contains(fps) else { throw ValidationError("--fps must be within 1...60, got \(fps)") }
        guard compare.isEmpty || compare.count == 2 else {
            throw ValidationError("--compare takes two config files (A.cfg B.cfg), got \(compare.count)")
        }
        if !compare.isEmpty, options.config != nil {
            throw ValidationError("--compare names both configs: give it without --config")
        }
    }

    func run() throws {
        var exitStatus: Int32 = 0
        try reportingErrors {
            // Everything that can fail on bad input fails before the terminal is touched.
            let pair = try comparedConfigs()
            let config = try pair?.a ?? options.loadConfig()
            try TerminalScreen.checkAvailable() // before the run creates its metrics folder
            var launch = RunLauncher.Options(metricsPath: metrics)
            if let file = options.config ?? compare.first { launch.inputs.append(.init(path: file, role: "the config file")) }
            let run = try RunLauncher.make(config, launch)
            var runB: RunLauncher.Run?
            if let pair {
                var optionsB = RunLauncher.Options(metricsPath: comparisonMetricsPath)
                optionsB.inputs = [.init(path: compare[1], role: "the config file")]
                optionsB.probe = false // the timing probe runs for one run at a time: A's
                runB = try RunLauncher.make(pair.b, optionsB)
            }
            let runFolder = RunCatalog.defaultFolder()
            let choices = runFolder.map { RunCatalog.entries(in: $0) } ?? []
            let screen = try TerminalScreen(colorPreference: noColor ? .never : .auto)
            let controller = DashboardController(
                run: run,
                runChoices: choices,
                useColor: screen.colorEnabled)
            controller.comparisonMetricsPath = comparisonMetricsPath
            controller.comparisonInputs = launch.inputs
            if let pair, let runB { controller.addComparison(runB, names: CompareRun.names(pair.a, pair.b)) }
            let colorMode = screen.colorMode
            // `w`: the picture goes beside the focused run's metrics file, through the same checks as every output.
            controller.screenWriter = { [unowned controller] grid, folder, step in
                let path = (folder as NSString).appendingPathComponent("screen-\(step).svg")
                let inputs = controller.runs.flatMap { $0.run.config.inputFiles } + launch.inputs
                try OutputFile.replace(path, option: "screen picture", kind: .svgScreen, inputs: inputs,
                                       with: Array(SVGScreen.render(grid, mode: colorMode).utf8))
                return path
            }
            controller.setRunSearch(path: RunCatalog.searchPath(), folder: runFolder)
            controller.start()
            let reason = TerminalApp.run(
                on: screen, fps: fps,
                needsRedraw: { controller.needsRedraw },
                frame: { width, height in controller.frame(width: width, height: height) },
                onKey: { key in controller.handle(key) })
            // The screen is closed: stop training (and save the checkpoints) with the terminal restored.
            controller.shutdown()
            exitStatus = reason.exitStatus
            // One line per run of the sitting still on screen or stopped with `b`, each with its failures.
            for run in controller.runs.map(\.run) + controller.stoppedRuns where report(run) {
                exitStatus = saveFailedStatus
            }
        }
        if exitStatus != 0 { throw ExitCode(exitStatus) }
    }

    /// The two configs of `--compare` with the overrides applied to each; nil without it. Two runs
    /// never share a checkpoint; B gets one core when its threads are automatic, as A has.
    private func comparedConfigs() throws -> (a: TrainingConfig, b: TrainingConfig)? {
        guard compare.count == 2 else { return nil }
        let overrides = try RunOptions.pairs(options.overrides)
        var a = try ConfigLoader.applying(overrides: overrides, to: try ConfigLoader.load(path: compare[0]))
        var b = try ConfigLoader.applying(overrides: overrides, to: try ConfigLoader.load(path: compare[1]))
        if !a.checkpoint.isEmpty, OutputFile.sameFile(a.checkpoint, b.checkpoint) || a.checkpoint == b.checkpoint {
            throw LabError("--compare: both configs save the checkpoint \(a.checkpoint); give each its own")
        }
        let oneCore = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
        if a.threads == 0 { a.threads = oneCore }
        if b.threads == 0 { b.threads = oneCore }
        return (a, b)
    }

    /// Run B's metrics file beside A's when --metrics names A's; nil: B's own run folder.
    private var comparisonMetricsPath: String? { metrics.map { CompareRun.siblingPath($0, suffix: "-B") } }

    /// Prints a run's summary line and its save failures; true when something could not be saved.
    private func report(_ run: RunLauncher.Run) -> Bool {
        let snapshot = run.session.snapshot
        var summary = "\(snapshot.runName): step \(snapshot.step), "
            + String(format: "%.0f tokens/s", snapshot.tokensPerSecond)
        if let ppl = snapshot.validPerplexity { summary += String(format: ", valid ppl %.4f", ppl) }
        summary += "; metrics: \(run.metricsPath)"
        // A checkpoint is named only when its last save worked (a full disk must not look saved).
        let checkpointFailure = run.checkpointPath == nil ? nil : run.session.lastCheckpointFailure
        if let checkpoint = run.checkpointPath, checkpointFailure == nil { summary += "; checkpoint: \(checkpoint)" }
        print(summary)
        let failures = [checkpointFailure, run.session.metricsFailure].compactMap { $0 }
        for failure in failures { printError(failure) }
        return !failures.isEmpty
    }
}
