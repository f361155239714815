import ArgumentParser
import Foundation
import BPTTCorpus
import BPTTTraining

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train headless: a progress line on a terminal, plain progress lines otherwise.",
        discussion: """
            Ends with one line: final: step=N train_loss=X valid_ppl=Y tokens_per_s=Z

            Ctrl-C, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 and SIGALRM stop cleanly (saving the \
            checkpoint when one is named), then exit with 128 + the signal number (130, 143, 129, 131, ...). \
            Exit 2: bad input; 3: training diverged; 4: the checkpoint or the metrics file could not be written.
            """)

    @OptionGroup var options: RunOptions

    // Unconditional: "-5" is read as the value (and refused by validate) rather than as an option.
    @Option(parsing: .unconditional, help: "Stop after this many updates (counted from the resumed step).")
    var steps: Int?

    @Option(help: "Write JSON Lines metrics here (default: a new folder under run_dir); an existing file is continued.")
    var metrics: String?

    @Option(help: "Save a checkpoint here when training ends (and every checkpoint_every updates).")
    var checkpoint: String?

    @Option(help: "Continue from this checkpoint (its config, plus any overrides given here, which win).")
    var resume: String?

    @Flag(help: "Print only the final line.")
    var quiet = false

    static let divergedStatus: Int32 = 3

    func run() throws {
        try reportingErrors { try train() }
    }

    private func train() throws {
        // Checked here, not in validate(), so the message is one line without the usage block.
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps)") }
        var launch = RunLauncher.Options(metricsPath: metrics)
        let config: TrainingConfig
        if let resume {
            let overrides = try RunOptions.pairs(options.overrides)
            let stored = try TrainerCheckpoint.config(at: resume)
            try ResumeOverrides.check(overrides, stored: stored, checkpoint: resume)
            config = try ConfigLoader.applying(overrides: overrides, to: stored)
            launch.start = .resume(from: resume, overridden: Set(overrides.map(\.key)))
        } else {
            config = try options.loadConfig()
            launch.start = .fresh
        }
        if let file = options.config { launch.inputs.append(.init(path: file, role: "the config file")) }
        launch.checkpointPath = checkpoint
        launch.checkpointOption = "--checkpoint"
        launch.steps = steps
        // Headless: no timing probe and no reach sweeps (nothing shows them), all time goes to training.
        launch.probe = false
        launch.reach = false
        let run = try RunLauncher.make(config, launch)
        let (trainer, session, metricsPath, checkpointPath) = (run.trainer, run.session, run.metricsPath, run.checkpointPath)
        let printer = ProgressPrinter(quiet: quiet, unit: trainer.corpus.level, maxSteps: trainer.config.maxSteps,
                                      epochTokens: trainer.corpus.train.count)
        if !quiet {
            printer.line("training \(config.name): \(trainer.corpus.describe); cell=\(config.cell.rawValue) H=\(config.hidden) "
                + "B=\(config.batch) "
                + "\(trainer.truncation) engine=\(trainer.config.engine.rawValue) "
                + "lr=\(trainer.learningRate); metrics: \(metricsPath)")
        }
        let tokensBefore = trainer.tokensSeen // a resumed run counts only this run's tokens per second
        let interrupt = InterruptHandler { session.send(.stop) }
        session.start()
        var failure: String?
        var outputClosed = false
        while !session.waitUntilEnded(timeout: 0.25) {
            let snapshot = session.snapshot
            printer.update(snapshot)
            // The reader of stdout went away (`train | head -1`): stop as SIGPIPE would, but cleanly.
            if standardOutputClosed && !outputClosed {
                outputClosed = true
                printError("standard output was closed (EPIPE): stopping, saving as for a signal")
                session.send(.stop)
            }
            if case .finished = snapshot.state { session.send(.stop) }
            if case .failed(let reason) = snapshot.state {
                if failure == nil {
                    printer.finishLine()
                    printError("training stopped: \(reason)")
                }
                failure = reason
                session.send(.stop)
            }
        }
        interrupt.cancel()
        let snapshot = session.snapshot
        printer.finishLine()
        // The queue has ended: the trainer is ours again.
        let validLoss = trainer.evaluate(trainer.corpus.valid, maxTokens: config.validTokens)
        let testLoss = trainer.evaluate(trainer.corpus.test)
        let checkpointFailure = checkpointPath == nil ? nil : session.lastCheckpointFailure
        if !quiet {
            let unit = trainer.corpus.level == .char ? " (\(CompactNumber.format(testLoss / log(2))) bits/char)" : ""
            printer.line("test: loss=\(CompactNumber.format(testLoss)) ppl=\(CompactNumber.format(exp(testLoss), decimals: 3))" + unit)
            if let checkpointPath, checkpointFailure == nil { printer.line("checkpoint: \(checkpointPath)") }
        }
        let trainLoss = snapshot.trainLoss.suffix(20).map(\.loss)
        let meanTrain = trainLoss.isEmpty ? Double.nan : trainLoss.reduce(0, +) / Double(trainLoss.count)
        let rate = snapshot.elapsedSeconds > 0 ? Double(snapshot.tokensSeen - tokensBefore) / snapshot.elapsedSeconds : 0
        writeStandardOutput("final: step=\(trainer.step) train_loss=\(CompactNumber.format(meanTrain)) "
            + "valid_ppl=\(CompactNumber.format(exp(validLoss))) tokens_per_s=\(CompactNumber.format(rate, decimals: 0))\n")
        if let checkpointFailure {
            printError(checkpointFailure)
            throw ExitCode(saveFailedStatus)
        }
        if let metricsFailure = session.metricsFailure {
            printError("\(metricsFailure); the run stopped at step \(trainer.step)")
            throw ExitCode(saveFailedStatus)
        }
        if let signalNumber = interrupt.received { throw ExitCode(128 + signalNumber) }
        if outputClosed { throw ExitCode(128 + SIGPIPE) }
        if failure != nil { throw ExitCode(Self.divergedStatus) }
    }
}
