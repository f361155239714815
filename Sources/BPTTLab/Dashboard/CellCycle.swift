import Foundation
import BPTTNumerics
import BPTTTraining

/// The `c` key's run: the same settings as the run has now, with the next cell (elman → gru → lstm →
/// elman). Pure: the controller launches what it describes.
enum CellCycle {
    static func next(after cell: CellKind) -> CellKind {
        let all = CellKind.allCases
        return all[(all.firstIndex(of: cell)! + 1) % all.count]
    }

    /// `config` as the run has it now (its truncation and engine may have moved since it started)
    /// with `cell`. The seed stays; the checkpoint, when there is one, goes beside the old one with
    /// the cell's name ("x-lstm.ckpt"): a checkpoint holds one cell, and the old run's stays as saved.
    static func config(from config: TrainingConfig, now snapshot: TrainingSnapshot, cell: CellKind) -> TrainingConfig {
        var next = config
        next.truncation = snapshot.truncation
        next.engine = snapshot.engine
        next.cell = cell
        if !config.checkpoint.isEmpty { next.checkpoint = checkpointPath(config.checkpoint, cell: cell) }
        return next
    }

    /// "x.ckpt" or "x-gru.ckpt" (a path this made before) to "x-<cell>.ckpt".
    static func checkpointPath(_ path: String, cell: CellKind) -> String {
        let ns = path as NSString
        let ext = ns.pathExtension
        var base = ns.deletingPathExtension
        for kind in CellKind.allCases where base.hasSuffix("-" + kind.rawValue) {
            base = String(base.dropLast(kind.rawValue.count + 1))
        }
        base += "-" + cell.rawValue
        return ext.isEmpty ? base : base + "." + ext
    }
}
