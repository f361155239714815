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
            Ctrl-C stops cleanly (and saves the checkpoint when one is named).
            """)

    @OptionGroup var options: RunOptions

    @Option(help: "Stop after this many updates (counted from the resumed step).")
    var steps: Int?

    @Option(help: "Write JSON Lines metrics here (default: a new folder under run_dir).")
    var metrics: String?

    @Option(help: "Save a checkpoint here when training ends (and every checkpoint_every updates).")
    var checkpoint: String?

    @Option(help: "Continue from this checkpoint (its config, plus any overrides given here).")
    var resume: String?

    @Flag(help: "Print only the final line.")
    var quiet = false

    func validate() throws {
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps)") }
    }

    func run() throws {
        try reportingErrors { try train() }
    }

    private func train() throws {
        do {
            var config: TrainingConfig
            let trainer: Trainer
            if let resume {
                let stored = try TrainerCheckpoint.config(at: resume)
                config = try ConfigLoader.applying(overrides: try RunOptions.pairs(options.overrides), to: stored)
                trainer = try Trainer(corpus: try config.loadCorpus(), config: config)
                try TrainerCheckpoint.restore(trainer, from: resume)
            } else {
                config = try options.loadConfig()
                trainer = try Trainer(corpus: try config.loadCorpus(), config: config)
            }
            if let steps { trainer.limitSteps(to: trainer.step + steps) }
            let checkpointPath = checkpoint ?? (config.checkpoint.isEmpty ? nil : config.checkpoint)
            let metricsPath = metrics ?? RunFactory.defaultMetricsPath(config)
            var sessionSettings = RunFactory.sessionSettings(config, metricsPath: metricsPath)
            sessionSettings.probeEverySeconds = 0 // headless: no timing probe, all time goes to training
            let savedConfig = config
            var checkpointer: TrainingSession.Checkpointer?
            if let path = checkpointPath {
                checkpointer = { trainer in try TrainerCheckpoint.save(trainer, config: savedConfig, to: path) }
            }
            let session = try TrainingSession(trainer: trainer, settings: sessionSettings, checkpointer: checkpointer)
            let printer = ProgressPrinter(quiet: quiet, unit: trainer.corpus.level, maxSteps: trainer.config.maxSteps)
            if !quiet {
                printer.line("training \(config.name): \(trainer.corpus.describe); H=\(config.hidden) B=\(config.batch) "
                    + "\(trainer.config.truncationSetting) engine=\(trainer.config.engine.rawValue); metrics: \(metricsPath)")
            }
            let tokensBefore = trainer.tokensSeen // a resumed run counts only this run's tokens per second
            let interrupt = InterruptHandler { session.send(.stop) }
            session.start()
            var failure: String?
            while !session.waitUntilEnded(timeout: 0.25) {
                let snapshot = session.snapshot
                printer.update(snapshot)
                if case .finished = snapshot.state { session.send(.stop) }
                if case .paused(let reason?) = snapshot.state {
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
            if !quiet {
                let unit = trainer.corpus.level == .char
                    ? String(format: " (%.4f bits/char)", testLoss / log(2)) : ""
                printer.line(String(format: "test: loss=%.4f ppl=%.3f", testLoss, exp(testLoss)) + unit)
                if let checkpointPath { printer.line("checkpoint: \(checkpointPath)") }
            }
            let trainLoss = snapshot.trainLoss.suffix(20).map(\.loss)
            let meanTrain = trainLoss.isEmpty ? Double.nan : trainLoss.reduce(0, +) / Double(trainLoss.count)
            let rate = snapshot.elapsedSeconds > 0 ? Double(snapshot.tokensSeen - tokensBefore) / snapshot.elapsedSeconds : 0
            print(String(format: "final: step=%d train_loss=%.4f valid_ppl=%.4f tokens_per_s=%.0f",
                         trainer.step, meanTrain, exp(validLoss), rate))
            if failure != nil { throw ExitCode(3) }
        }
    }
}
