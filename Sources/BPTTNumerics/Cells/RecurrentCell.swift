/// One recurrent cell (`CellKind`): its step forward and its step backward through time over a share
/// of the batch's rows, side by side in its own file (`ElmanCell`, `GRUCell`, `LSTMCell`). The engines
/// (forward, the naive and optimized sweeps, truncation) call only these, and `RecurrentLayer` for what
/// every cell shares: the product with W and the weight gradients from the deltas.
///
/// Pointers passed as blocks (`gradient`, `cellTotal`, `next`) address a whole step block of B rows; a
/// cell reads and writes only the rows `rows` of them.
protocol RecurrentCell: Sendable {
    /// Step t forward for `rows`: h_t (and its cache, and LSTM's c_t) from h_{t-1} and x_t. The state of
    /// t-1 must be there; W must be packed (`RecurrentLayer.prepareForward`) when B > 1.
    static func forwardStep<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, t: Int, rows: Range<Int>)

    /// Step t backward for `rows`: from the total dE/dh_t (`gradient`) and the error carried along the
    /// cell's own memory (`carry`, LSTM only) to the step's deltas (`ws.deltas`, and GRU's recurrent
    /// ones). LSTM writes dE/dc_t to `cellTotal` and the carry for t-1 to `carry.outgoing`. With
    /// `measuring`, returns the mean over these rows of ||dE/dh_t|| (0 otherwise).
    static func backwardStep<T: RNNScalar>(_ ws: RNNWorkspace<T>, t: Int, rows: Range<Int>, gradient: UnsafePointer<T>,
                                           carry: CellCarry<T>, cellTotal: UnsafeMutablePointer<T>, measuring: Bool) -> Double

    /// dE/dh_{t-1} for `rows` from step t's deltas: next = addend + (recurrent deltas) W, plus GRU's
    /// direct path z ⊙ dE/dh_t. `next` may be `gradient` (the naive sweep's one buffer).
    static func propagate<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, t: Int, rows: Range<Int>,
                                        gradient: UnsafePointer<T>, adding addend: UnsafePointer<T>?,
                                        into next: UnsafeMutablePointer<T>)
}

/// The error carried along LSTM's cell state from step to step in one backward sweep (dE/dc ⊙ f), in
/// two B x H buffers used in turn; `incoming` is nil at the sweep's first step. The other cells carry
/// nothing. A row share uses its own rows.
struct CellCarry<T: RNNScalar> {
    private let first: UnsafeMutablePointer<T>, second: UnsafeMutablePointer<T>
    private var writesFirst = true
    private var started = false

    init(_ ws: RNNWorkspace<T>) {
        first = ws.cellCarry
        second = ws.cellCarryNext
    }

    /// What reached this step from the one after it (nil: nothing, the sweep's first step).
    var incoming: UnsafePointer<T>? { started ? UnsafePointer(writesFirst ? second : first) : nil }
    /// Where this step's carry to the step before it goes.
    var outgoing: UnsafeMutablePointer<T> { writesFirst ? first : second }

    /// After a step: its outgoing carry is the next step's incoming.
    mutating func advance() {
        started = true
        writesFirst.toggle()
    }
}
