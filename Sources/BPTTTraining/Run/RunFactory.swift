import Foundation
import BPTTNumerics
import BPTTCorpus

/// Turns a validated config into the pieces of a run: trainer settings, session settings, the run folder.
public enum RunFactory {
    /// Also applies `threads` to OpenBLAS (a process-wide setting).
    public static func trainerSettings(_ config: TrainingConfig) throws -> TrainerSettings {
        NumericsEnvironment.blasThreads = config.threads
        var s = TrainerSettings()
        s.hidden = config.hidden
        s.batch = config.batch
        s.seed = config.seed
        s.truncation = config.initialTruncation
        s.engine = config.engine
        s.recurrentInit = config.recurrentInit
        s.recurrentScale = config.recurrentScale
        let kind: OptimizerKind
        switch config.optimizer {
        case .sgd: kind = .sgd
        case .adagrad: kind = .adagrad
        case .adam: kind = .adam
        }
        s.optimizer = OptimizerSettings(kind: kind, learningRate: config.learningRate, l2: config.l2,
                                        beta1: config.adamBeta1, beta2: config.adamBeta2, epsilon: config.adamEpsilon)
        s.scheduleEnabled = config.lrSchedule == .rnnlm
        s.minImprovement = config.minImprovement
        s.clipNorm = config.clipNorm
        s.clipValue = config.clipValue
        s.maxEpochs = config.maxEpochs
        s.maxSteps = config.maxSteps
        s.validateEvery = config.validateEvery
        s.validTokens = config.validTokens
        s.sampleEvery = config.sampleEvery
        s.sampleLength = config.sampleLength
        s.temperature = config.temperature
        s.prime = config.prime
        return s
    }

    /// Session settings; metrics go to `<run_dir>/<name>-<timestamp>/metrics.jsonl` unless a path is given.
    public static func sessionSettings(_ config: TrainingConfig, metricsPath: String?) -> SessionSettings {
        var s = SessionSettings()
        s.runName = config.name
        s.metricsPath = metricsPath
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
}
