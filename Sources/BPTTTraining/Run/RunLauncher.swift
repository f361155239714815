import Foundation
import BPTTCorpus

/// Builds a live session from a config: the corpus, the trainer (resumed from the config's
/// checkpoint file when it exists), the metrics file and the checkpointer.
public enum RunLauncher {
    public struct Run {
        public var config: TrainingConfig
        public var trainer: Trainer
        public var session: TrainingSession
        public var metricsPath: String
    }

    public static func make(_ config: TrainingConfig, metricsPath: String? = nil, resume: Bool = true) throws -> Run {
        let trainer = try Trainer(corpus: try config.loadCorpus(), config: config)
        let checkpointPath = config.checkpoint.isEmpty ? nil : config.checkpoint
        if let path = checkpointPath { try TrainerCheckpoint.checkOutput(path, option: "checkpoint", inputs: config.inputFiles) }
        if resume, let path = checkpointPath, FileManager.default.fileExists(atPath: path) {
            try TrainerCheckpoint.restore(trainer, from: path)
        }
        let metrics = metricsPath ?? RunFactory.defaultMetricsPath(config)
        var checkpointer: TrainingSession.Checkpointer?
        if let path = checkpointPath {
            checkpointer = { trainer in try TrainerCheckpoint.save(trainer, config: config, to: path) }
        }
        let session = try TrainingSession(trainer: trainer, settings: RunFactory.sessionSettings(config, metricsPath: metrics),
                                          checkpointer: checkpointer)
        return Run(config: config, trainer: trainer, session: session, metricsPath: metrics)
    }
}
