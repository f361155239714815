import BPTTNumerics

/// The divergence guard's copy of the latest weights whose training loss was finite and sane, kept
/// current by copying only the rows that updates changed since it was taken (a sparse update's
/// `TouchedRows`; every row on the dense path), not every weight every update.
struct SaneWeights {
    private(set) var weights: RNNParameters<Float>
    /// The step the weights belong to; nil: the weights the trainer started from.
    private(set) var step: Int?
    /// Rows changed since the copy was taken (in update order), or every row.
    private var changed: [TouchedRows] = []
    private var everythingChanged = false

    /// Past this many updates without a sane loss, the copy is refreshed whole when one comes.
    private static let longestJournal = 32

    init(_ params: RNNParameters<Float>) {
        weights = params
    }

    /// Starts over from these weights (a restart, a resume).
    mutating func reset(to params: RNNParameters<Float>) {
        weights = params
        step = nil
        changed.removeAll()
        everythingChanged = false
    }

    /// An update changed these rows of the trainer's weights.
    mutating func noteChanged(_ rows: TouchedRows) {
        guard !everythingChanged else { return }
        if changed.count >= Self.longestJournal {
            noteEverythingChanged()
        } else {
            changed.append(rows)
        }
    }

    /// The trainer's weights were replaced or edited as a whole.
    mutating func noteEverythingChanged() {
        everythingChanged = true
        changed.removeAll()
    }

    /// `params` had a finite, sane loss at `step`: the copy becomes them.
    mutating func record(_ params: RNNParameters<Float>, step: Int) {
        Self.copyChanged(changed, everything: everythingChanged, from: params, into: &weights)
        changed.removeAll()
        everythingChanged = false
        self.step = step
    }

    /// Puts the copy back into `params`.
    mutating func restore(into params: inout RNNParameters<Float>) {
        Self.copyChanged(changed, everything: everythingChanged, from: weights, into: &params)
        changed.removeAll()
        everythingChanged = false
    }

    private static func copyChanged(_ changed: [TouchedRows], everything: Bool, from source: RNNParameters<Float>,
                                    into target: inout RNNParameters<Float>) {
        if everything {
            target.copyValues(from: source)
        } else {
            for rows in changed { target.copyRows(from: source, rows: rows) }
        }
    }
}
