/// Saving and restoring what a `TruncatedBPTT` carries between blocks (for checkpoints): the kept
/// history steps and the states around them.
extension TruncatedBPTT {
    /// The kept history, for checkpoints: `length` steps of inputs (length x B) and the states around
    /// them ((length + 1) x B x H: the state before the oldest kept step, then the state after each).
    public var history: TruncatedHistory<T> {
        let width = batch * shape.hidden
        return TruncatedHistory(
            length: historyLength,
            inputs: Array(UnsafeBufferPointer(start: workspace.inputs, count: historyLength * batch)),
            states: Array(UnsafeBufferPointer(start: workspace.stateBlock(-1), count: (historyLength + 1) * width)))
    }

    /// Restores a history saved from `history` (also sets the hidden state to its last state).
    /// Throws, leaving this object unchanged, if it does not fit this model, batch and k2.
    public func restore(history: TruncatedHistory<T>) throws {
        let width = batch * shape.hidden
        guard history.length >= 0, history.length <= k2 else {
            throw LabError("history length \(history.length) must be within 0...k2 (\(k2))")
        }
        guard history.inputs.count == history.length * batch else {
            throw LabError("history inputs has \(history.inputs.count) tokens, expected length*batch = \(history.length * batch)")
        }
        guard history.states.count == (history.length + 1) * width else {
            throw LabError("history states has \(history.states.count) values, expected (length+1)*batch*hidden = \((history.length + 1) * width)")
        }
        if let index = history.inputs.firstIndex(where: { $0 < 0 || Int($0) >= shape.vocabulary }) {
            throw LabError("history input token \(history.inputs[index]) at index \(index) is outside the vocabulary 0..<\(shape.vocabulary)")
        }
        if let index = history.states.firstIndex(where: { !$0.isFinite }) {
            throw LabError("history state value at index \(index) is not finite")
        }
        history.inputs.withUnsafeBufferPointer { workspace.inputs.update(from: $0.baseAddress!, count: $0.count) }
        history.states.withUnsafeBufferPointer { workspace.stateBlock(-1).copyElements(from: $0.baseAddress!, count: $0.count) }
        historyLength = history.length
    }
}

/// The steps of earlier blocks a `TruncatedBPTT` keeps (see `TruncatedBPTT.history`).
public struct TruncatedHistory<T: RNNScalar>: Sendable, Equatable {
    public var length: Int
    public var inputs: [Int32]
    public var states: [T]
    public init(length: Int, inputs: [Int32], states: [T]) {
        self.length = length
        self.inputs = inputs
        self.states = states
    }
}
