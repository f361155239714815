import Foundation
import BPTTDashboard
import BPTTNumerics
import BPTTTraining

/// Run B of a comparison: the config of a copy of run A with one change, and the legend's names of
/// two runs. Pure: the controller and `screenshot --then-compare` launch what it describes.
enum CompareRun {
    /// A's config as A runs now (its truncation and engine may have moved since it started) with
    /// `change` applied, as B's. The seed stays, so B starts from A's initial weights. B gets its own
    /// name (its run folder), its own checkpoint beside A's, and one core when A's threads are automatic.
    static func config(from a: TrainingConfig, now snapshot: TrainingSnapshot, change: CompareChange) -> TrainingConfig {
        var b = a
        set(snapshot.truncation, on: &b)
        b.engine = snapshot.engine
        switch change {
        case .truncation(let t): set(t, on: &b)
        case .engine(let e): b.engine = e
        case .optimizer(let o):
            b.optimizer = o
            b.learningRate = CompareChange.learningRate(for: o)
        case .cell(let c): b.cell = c
        }
        b.name = a.name + "-B"
        if !a.checkpoint.isEmpty { b.checkpoint = siblingPath(a.checkpoint, suffix: "-B") }
        if b.threads == 0 { b.threads = max(1, ProcessInfo.processInfo.activeProcessorCount / 2) }
        return b
    }

    static func set(_ truncation: Truncation, on config: inout TrainingConfig) {
        config.truncation = truncation
    }

    /// `runs/x/metrics.jsonl` with "-B": `runs/x/metrics-B.jsonl` (beside it, never the same file).
    static func siblingPath(_ path: String, suffix: String) -> String {
        let ns = path as NSString
        let ext = ns.pathExtension
        let base = ns.deletingPathExtension + suffix
        return ext.isEmpty ? base : base + "." + ext
    }

    /// The legend's names for two configs (`--compare A.cfg B.cfg`): the one setting that differs
    /// (truncation, engine, optimizer, cell), else the config names.
    static func names(_ a: TrainingConfig, _ b: TrainingConfig) -> (a: String, b: String) {
        func truncation(_ c: TrainingConfig) -> Truncation { c.truncation }
        var rest = b
        rest.name = a.name; rest.description = a.description
        set(truncation(a), on: &rest)
        if rest == a, truncation(a) != truncation(b) {
            let runA = DashboardRun(snapshot: TrainingSnapshot(engine: a.engine, truncation: truncation(a)))
            return CompareChange.truncation(truncation(b)).names(a: runA)
        }
        rest = b
        rest.name = a.name; rest.description = a.description; rest.engine = a.engine
        if rest == a, a.engine != b.engine { return (a.engine.rawValue, b.engine.rawValue) }
        rest = b
        rest.name = a.name; rest.description = a.description; rest.optimizer = a.optimizer; rest.learningRate = a.learningRate
        if rest == a, a.optimizer != b.optimizer { return (a.optimizer.rawValue, b.optimizer.rawValue) }
        rest = b
        rest.name = a.name; rest.description = a.description; rest.cell = a.cell
        if rest == a, a.cell != b.cell { return (a.cell.rawValue, b.cell.rawValue) }
        return (a.name, b.name)
    }
}
