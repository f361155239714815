import Foundation
import BPTTCorpus
import BPTTNumerics

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
        /// The reach profile (an extra sweep every `SessionSettings.reachEvery` updates, shown only on
        /// the dashboard's gradient panel); headless runs skip it.
        public var reach = true

        public init(start: Start = .configCheckpointIfPresent, metricsPath: String? = nil) {
            self.start = start
            self.metricsPath = metricsPath
        }
    }

    public static func make(_ config: TrainingConfig, _ options: Options = Options()) throws -> Run {
        let trainer = try Trainer(corpus: try loadCorpus(config, start: options.start), config: config)
        let inputs = options.inputs + config.inputFiles
        let checkpointPath = options.checkpointPath ?? (config.checkpoint.isEmpty ? nil : config.checkpoint)
        var metricsPath = options.metricsPath ?? defaultMetricsPath(config)
        if let checkpointPath {
            try TrainerCheckpoint.checkOutput(checkpointPath, option: options.checkpointOption, inputs: inputs)
            if OutputFile.sameFile(checkpointPath, metricsPath) {
                throw LabError("\(options.checkpointOption) \(checkpointPath): it is also the metrics file; give two paths")
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
        if !options.probe { settings.runsProbe = false }
        if !options.reach { settings.reachEvery = 0 }
        if options.metricsPath == nil {
            metricsPath = try createRunFolder(of: metricsPath)
            settings.metricsPath = metricsPath
        } else {
            settings.metricsOption = "--metrics"
        }
        var checkpointer: TrainingSession.Checkpointer?
        if let checkpointPath {
            checkpointer = { trainer in try TrainerCheckpoint.save(trainer, config: config, to: checkpointPath) }
        }
        let session = try TrainingSession(trainer: trainer, settings: settings, checkpointer: checkpointer)
        return Run(config: config, trainer: trainer, session: session, metricsPath: metricsPath,
                   checkpointPath: checkpointPath)
    }

    /// The run's corpus; a resumed run says that its checkpoint needs the corpus it was trained on.
    static func loadCorpus(_ config: TrainingConfig, start: Start) throws -> Corpus {
        do {
            return try config.loadCorpus()
        } catch {
            guard case .resume(let path, _) = start, !config.usesBuiltinCorpus else { throw error }
            let reason = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            throw LabError("--resume \(path): the checkpoint needs the corpus it was trained on, "
                + "\(config.corpus), to continue, and it cannot be read (\(reason)); put it back there")
        }
    }

    /// Session settings from the config's keys.
    static func sessionSettings(_ config: TrainingConfig, metricsPath: String?) -> SessionSettings {
        var s = SessionSettings()
        s.runName = config.name
        s.metricsPath = metricsPath
        s.inputFiles = config.inputFiles
        return s
    }

    /// Creates the default metrics file's run folder (and `run_dir`) and returns the metrics path in
    /// it. The folder is new: when one of that name exists (another run of the same name started in
    /// the same second, as two compared runs do), the first free `<folder>-2`, `-3`, ... is taken,
    /// since the recorder appends to an existing file. A path given with `--metrics` is a file in a
    /// folder that exists, as for `--checkpoint`: a typo there creates no folders.
    static func createRunFolder(of metricsPath: String) throws -> String {
        let folder = (metricsPath as NSString).deletingLastPathComponent
        let file = (metricsPath as NSString).lastPathComponent
        let parent = (folder as NSString).deletingLastPathComponent
        do {
            if !parent.isEmpty { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
        } catch {
            throw folderError(folder, error.localizedDescription)
        }
        for attempt in 1...1000 {
            let candidate = attempt == 1 ? folder : folder + "-\(attempt)"
            // mkdir, not createDirectory: it fails on an existing folder, so two runs never share one.
            if mkdir(candidate, 0o755) == 0 { return (candidate as NSString).appendingPathComponent(file) }
            guard errno == EEXIST else { throw folderError(candidate, String(cString: strerror(errno))) }
        }
        throw folderError(folder, "it and 999 numbered siblings exist already")
    }

    /// Foundation's text ("The file doesn't exist") hides the cause; say where, and what to do.
    private static func folderError(_ folder: String, _ reason: String) -> LabError {
        LabError("cannot create the metrics folder \(folder) "
            + "(working directory \(FileManager.default.currentDirectoryPath)): \(reason); "
            + "pass --run_dir DIR or --metrics FILE to write elsewhere")
    }

    /// A fresh run folder path under `run_dir` (created by `createRunFolder` when the run is made).
    public static func defaultMetricsPath(_ config: TrainingConfig, now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let safeName = String(config.name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        let folder = (config.runDir as NSString).appendingPathComponent("\(safeName)-\(formatter.string(from: now))")
        return (folder as NSString).appendingPathComponent("metrics.jsonl")
    }
}
