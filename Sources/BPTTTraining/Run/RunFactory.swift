import Foundation
import BPTTNumerics
import BPTTCorpus

/// Turns a validated config into the pieces of a run around the trainer: session settings, the run folder.
public enum RunFactory {
    /// Session settings; metrics go to `<run_dir>/<name>-<timestamp>/metrics.jsonl` unless a path is given.
    public static func sessionSettings(_ config: TrainingConfig, metricsPath: String?) -> SessionSettings {
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
}
