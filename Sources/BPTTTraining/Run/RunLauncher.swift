import Foundation
import BPTTCorpus

/// Builds a live run from a config, the one way every command does it (dashboard, train,
/// screenshot, the run picker): the corpus, the trainer (fresh or from a checkpoint), the output
/// checks, the metrics file and the checkpointer, and the session around them. Everything that can
/// be refused is refused here, before any training time is spent.
public enum RunLauncher {
    public struct Run {
        public var config: TrainingConfig
        public var trainer: Trainer
        public var session: TrainingSession
        public var metricsPath: String
        /// Where checkpoints are saved; nil: none.
        public var checkpointPath: String?
    }

    /// Where a run's starting state comes from.
    public enum Start: Sendable, Equatable {
        /// Fresh weights from the seed.
        case fresh
        /// The config's checkpoint file when it exists (a run launched again continues), else fresh.
        case configCheckpointIfPresent
        /// This checkpoint; the keys in `overridden` (given on the command line) win over its saved
        /// truncation, engine and optimizer settings.
        case resume(from: String, overridden: Set<String>)
    }

    public struct Options: Sendable {
        public var start: Start = .configCheckpointIfPresent
        /// The metrics file; nil: `<run_dir>/<name>-<time>/metrics.jsonl`.
        public var metricsPath: String?
        /// The checkpoint to save; nil: the config's `checkpoint` key ("" = none).
        public var checkpointPath: String?
        /// How errors about the checkpoint path name it (the option or the key it came from).
        public var checkpointOption = "checkpoint"
        /// Files the run reads besides the config's data files (the config file itself).
        public var inputs: [OutputFile.Input] = []
        /// Train this many more updates, then finish.
        public var steps: Int?
        /// The timing probe (the dashboard's timing panel); headless runs give all time to training.
        public var probe = true

        public init(start: Start = .configCheckpointIfPresent, metricsPath: String? = nil) {
            self.start = start
            self.metricsPath = metricsPath
        }
    }

    public static func make(_ config: TrainingConfig, _ options: Options = Options()) throws -> Run {
        let trainer = try Trainer(corpus: try config.loadCorpus(), config: config)
        let inputs = options.inputs + config.inputFiles
        let checkpointPath = options.checkpointPath ?? (config.checkpoint.isEmpty ? nil : config.checkpoint)
        let metricsPath = options.metricsPath ?? defaultMetricsPath(config)
        if let checkpointPath {
            try TrainerCheckpoint.checkOutput(checkpointPath, option: options.checkpointOption, inputs: inputs)
            if samePath(checkpointPath, metricsPath) {
                throw TrainerError("\(options.checkpointOption) \(checkpointPath): it is also the metrics file; give two paths")
            }
        }
        // Outputs first: a checkpoint path that cannot be written (or holds no checkpoint) is refused before it is read.
        switch options.start {
        case .fresh:
            break
        case .configCheckpointIfPresent:
            if !config.checkpoint.isEmpty, FileManager.default.fileExists(atPath: config.checkpoint) {
                try TrainerCheckpoint.restore(trainer, from: config.checkpoint)
            }
        case .resume(let path, let overridden):
            try TrainerCheckpoint.restore(trainer, from: path)
            try trainer.applyResumeOverrides(overridden, from: config)
        }
        if let steps = options.steps {
            // A resumed run counts from its step; a limit past Int.max is no limit at all.
            let (limit, overflow) = trainer.step.addingReportingOverflow(steps)
            trainer.limitSteps(to: overflow ? Int.max : limit)
        }

        var settings = sessionSettings(config, metricsPath: metricsPath)
        // The checkpoint a run resumes from may be saved over, but the metrics file may not be it.
        settings.inputFiles = inputs
        if case .resume(let path, _) = options.start {
            settings.inputFiles.append(.init(path: path, role: "the checkpoint it resumes from"))
        }
        if !options.probe { settings.probeEverySeconds = 0 }
        var checkpointer: TrainingSession.Checkpointer?
        if let checkpointPath {
            checkpointer = { trainer in try TrainerCheckpoint.save(trainer, config: config, to: checkpointPath) }
        }
        let session = try TrainingSession(trainer: trainer, settings: settings, checkpointer: checkpointer)
        return Run(config: config, trainer: trainer, session: session, metricsPath: metricsPath,
                   checkpointPath: checkpointPath)
    }

    /// Session settings from the config's keys.
    static func sessionSettings(_ config: TrainingConfig, metricsPath: String?) -> SessionSettings {
        var s = SessionSettings()
        s.runName = config.name
        s.metricsPath = metricsPath
        s.inputFiles = config.inputFiles
        s.metricsEvery = config.metricsEvery
        s.checkpointEvery = config.checkpointEvery
        s.probeEverySeconds = config.probeEverySeconds
        s.probeMaxShare = config.probeMaxShare
        return s
    }

    /// A fresh run folder path under `run_dir` (created by the metrics recorder when it opens the file).
    public static func defaultMetricsPath(_ config: TrainingConfig, now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let safeName = String(config.name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        let folder = (config.runDir as NSString).appendingPathComponent("\(safeName)-\(formatter.string(from: now))")
        return (folder as NSString).appendingPathComponent("metrics.jsonl")
    }

    /// Whether two paths name the same file, existing or not.
    static func samePath(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath().path
            == URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
