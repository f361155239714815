import BPTTNumerics

/// The divergence guard's memory of the latest weights whose training loss was finite and sane, as an
/// undo log: the optimizer writes each weight it changes into `previous` in the pass that updates it
/// (`Optimizer.apply(…savingPreviousInto:)`), so a sane update costs no copy of its own; putting back
/// the rows the last applied update changed returns the weights it started from.
///
/// Why that is enough: an update is applied only after its loss, the loss of the weights it starts
/// from, was found sane; an insane one changes nothing (it restores). So the last sane weights are
/// always the current ones with the last applied update's rows undone, and undoing twice is harmless.
struct SaneWeights {
    /// Before each weight the last applied update changed, its value; other entries are stale. After
    /// the weights were replaced whole (`willReplaceWhole`), a full copy of the sane weights.
    var previous: RNNParameters<Float>
    /// The step whose weights restoring gives; nil: the weights the trainer started from.
    private(set) var step: Int?
    private var undo = Undo.nothing

    private enum Undo {
        case nothing
        /// The last applied update changed these rows (W, b and the class softmax whole).
        case rows(TouchedRows)
        /// `previous` holds every weight.
        case everything
    }

    init(_ params: RNNParameters<Float>) {
        previous = params
    }

    /// Starts over from these weights (a restart, a resume): nothing to undo.
    mutating func reset() {
        step = nil
        undo = .nothing
    }

    /// The current weights had a sane loss at `step` and an update over `rows` is about to change
    /// them, saving what it overwrites into `previous`.
    mutating func willApply(step: Int, rows: TouchedRows) {
        self.step = step
        undo = .rows(rows)
    }

    /// The weights are about to be replaced or edited as a whole (`current` is what they are now):
    /// `previous` becomes a full copy of the sane weights, so a divergence right after still
    /// returns to them.
    mutating func willReplaceWhole(current: RNNParameters<Float>) {
        switch undo {
        case .everything:
            return
        case .nothing:
            previous.copyValues(from: current)
        case .rows(let rows):
            var sane = current
            sane.copyRows(from: previous, rows: rows)
            previous = sane
        }
        undo = .everything
    }

    /// Puts the last sane weights back into `params`.
    func restore(into params: inout RNNParameters<Float>) {
        switch undo {
        case .nothing: break
        case .rows(let rows): params.copyRows(from: previous, rows: rows)
        case .everything: params.copyValues(from: previous)
        }
    }
}
