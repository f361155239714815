/// Saving and restoring what a `TruncatedBPTT` carries between blocks (for checkpoints): the kept
/// history steps, the states around them and, for a gated cell, the caches its backward step reads.
extension TruncatedBPTT {
    /// The kept history, for checkpoints: `length` steps of inputs (length x B), the carried states
    /// around them ((length + 1) x B x stateWidth: the state before the oldest kept step, then the
    /// state after each; LSTM rows [h | c]) and the cells' caches (length x B x cacheWidth; empty for Elman).
    public var history: TruncatedHistory<T> {
        let cache = batch * shape.cell.cacheWidth(hidden: shape.hidden)
        var states: [T] = []
        states.reserveCapacity((historyLength + 1) * workspace.stateCount)
        for t in -1..<historyLength { states += workspace.carriedState(at: t) }
        return TruncatedHistory(
            length: historyLength,
            inputs: Array(UnsafeBufferPointer(start: workspace.inputs, count: historyLength * batch)),
            states: states,
            caches: cache == 0 ? [] : Array(UnsafeBufferPointer(start: workspace.cacheBlock(0), count: historyLength * cache)))
    }

    /// Restores a history saved from `history` (also sets the hidden state to its last state).
    /// Throws, leaving this object unchanged, if it does not fit this model, batch and k2.
    public func restore(history: TruncatedHistory<T>) throws {
        let width = workspace.stateCount
        let cache = batch * shape.cell.cacheWidth(hidden: shape.hidden)
        guard history.length >= 0, history.length <= k2 else {
            throw LabError("history length \(history.length) must be within 0...k2 (\(k2))")
        }
        guard history.inputs.count == history.length * batch else {
            throw LabError("history inputs has \(history.inputs.count) tokens, expected length*batch = \(history.length * batch)")
        }
        guard history.states.count == (history.length + 1) * width else {
            throw LabError("history states has \(history.states.count) values, expected (length+1)*batch*stateWidth = \((history.length + 1) * width)")
        }
        guard history.caches.count == history.length * cache else {
            throw LabError("history caches has \(history.caches.count) values, expected length*batch*cacheWidth = \(history.length * cache) "
                + "for the \(shape.cell.rawValue) cell")
        }
        if let index = history.inputs.firstIndex(where: { $0 < 0 || Int($0) >= shape.vocabulary }) {
            throw LabError("history input token \(history.inputs[index]) at index \(index) is outside the vocabulary 0..<\(shape.vocabulary)")
        }
        if let index = history.states.firstIndex(where: { !$0.isFinite }) {
            throw LabError("history state value at index \(index) is not finite")
        }
        if let index = history.caches.firstIndex(where: { !$0.isFinite }) {
            throw LabError("history cache value at index \(index) is not finite")
        }
        workspace.reserve(length: history.length + 1)
        history.inputs.withUnsafeBufferPointer { workspace.inputs.update(from: $0.baseAddress!, count: $0.count) }
        history.states.withUnsafeBufferPointer { states in
            for t in -1..<history.length { workspace.setCarriedState(states.baseAddress! + (t + 1) * width, at: t) }
        }
        if cache > 0 {
            history.caches.withUnsafeBufferPointer { workspace.cacheBlock(0).update(from: $0.baseAddress!, count: $0.count) }
        }
        historyLength = history.length
    }
}

/// The steps of earlier blocks a `TruncatedBPTT` keeps (see `TruncatedBPTT.history`).
public struct TruncatedHistory<T: RNNScalar>: Sendable, Equatable {
    public var length: Int
    public var inputs: [Int32]
    public var states: [T]
    /// A gated cell's caches of the kept steps (empty for Elman).
    public var caches: [T]
    public init(length: Int, inputs: [Int32], states: [T], caches: [T] = []) {
        self.length = length
        self.inputs = inputs
        self.states = states
        self.caches = caches
    }
}
