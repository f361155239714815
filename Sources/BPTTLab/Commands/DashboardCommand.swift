import ArgumentParser
import Foundation
import BPTTDashboard
import BPTTTerminal
import BPTTTraining

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the live dashboard and start training (the default command).",
        discussion: "Keys: ? lists them all. q quits (saving the checkpoint when the config names one).")

    @OptionGroup var options: RunOptions

    @Flag(help: "No colour (as with NO_COLOR): glyphs and attributes only.")
    var noColor = false

    @Option(help: "Frames per second (1-60).")
    var fps: Int = 30

    @Option(help: "Write JSON Lines metrics here (default: a new folder under run_dir).")
    var metrics: String?

    func validate() throws {
        guard (1...60).contains(fps) else { throw ValidationError("--fps must be within 1...60, got \(fps)") }
    }

    func run() throws {
        var exitStatus: Int32 = 0
        try reportingErrors {
            // Everything that can fail on bad input fails before the terminal is touched.
            let config = try options.loadConfig()
            try TerminalScreen.checkAvailable() // before the run creates its metrics folder
            var launch = RunLauncher.Options(metricsPath: metrics)
            if let file = options.config { launch.inputs.append(.init(path: file, role: "the config file")) }
            let run = try RunLauncher.make(config, launch)
            let runFolder = RunCatalog.defaultFolder()
            let choices = runFolder.map { RunCatalog.entries(in: $0) } ?? []
            let screen = try TerminalScreen(colorPreference: noColor ? .never : .auto)
            let controller = DashboardController(
                run: run,
                runChoices: choices,
                useColor: screen.colorEnabled)
            let colorMode = screen.colorMode
            // `w`: the picture goes beside the run's metrics file, through the same checks as every output.
            controller.screenWriter = { [unowned controller] grid, folder, step in
                let path = (folder as NSString).appendingPathComponent("screen-\(step).svg")
                let inputs = controller.run.config.inputFiles + launch.inputs
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
            // The screen is closed: stop training (and save its checkpoint) with the terminal restored.
            controller.shutdown()
            let snapshot = controller.run.session.snapshot
            var summary = "\(snapshot.runName): step \(snapshot.step), "
                + String(format: "%.0f tokens/s", snapshot.tokensPerSecond)
            if let ppl = snapshot.validPerplexity { summary += String(format: ", valid ppl %.4f", ppl) }
            summary += "; metrics: \(controller.run.metricsPath)"
            // A checkpoint is named only when its last save worked (a full disk must not look saved).
            let checkpointFailure = controller.run.checkpointPath == nil ? nil : controller.run.session.lastCheckpointFailure
            if let checkpoint = controller.run.checkpointPath, checkpointFailure == nil { summary += "; checkpoint: \(checkpoint)" }
            print(summary)
            exitStatus = reason.exitStatus
            for failure in [checkpointFailure, controller.run.session.metricsFailure].compactMap({ $0 }) {
                printError(failure)
                exitStatus = saveFailedStatus
            }
        }
        if exitStatus != 0 { throw ExitCode(exitStatus) }
    }
}
