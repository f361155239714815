/// A window of `length` time steps for `batch` parallel sequences; element [t * batch + b] is step t
/// of sequence b. Steps t < firstOutput carry no loss: they are history from earlier blocks whose
/// states the error still passes through. `mask` weights each (t, b) loss (0 for padding; nil means
/// all ones). Padded positions must still hold valid token ids (e.g. 0).
public struct SequenceWindow: Sendable, Equatable {
    public var length: Int
    public var batch: Int
    public var inputs: [Int32]
    public var targets: [Int32]
    public var mask: [Float]?
    public var firstOutput: Int

    public init(length: Int, batch: Int, inputs: [Int32], targets: [Int32], mask: [Float]? = nil, firstOutput: Int = 0) {
        self.length = length
        self.batch = batch
        self.inputs = inputs
        self.targets = targets
        self.mask = mask
        self.firstOutput = firstOutput
    }

    /// Checks sizes and token ids against the model; the error says which field is wrong and how.
    public func validate(vocabulary: Int) throws {
        guard length >= 1, batch >= 1 else {
            throw LabError("window needs length >= 1 and batch >= 1 (got length \(length), batch \(batch))")
        }
        let count = length * batch
        guard inputs.count == count else {
            throw LabError("window inputs has \(inputs.count) tokens, expected length*batch = \(count)")
        }
        guard targets.count == count else {
            throw LabError("window targets has \(targets.count) tokens, expected length*batch = \(count)")
        }
        if let mask, mask.count != count {
            throw LabError("window mask has \(mask.count) weights, expected length*batch = \(count)")
        }
        guard (0...length).contains(firstOutput) else {
            throw LabError("window firstOutput \(firstOutput) is outside 0...\(length)")
        }
        if let index = inputs.firstIndex(where: { $0 < 0 || Int($0) >= vocabulary }) {
            throw LabError("window input token \(inputs[index]) at index \(index) is outside the vocabulary 0..<\(vocabulary)")
        }
        if let index = targets.firstIndex(where: { $0 < 0 || Int($0) >= vocabulary }) {
            throw LabError("window target token \(targets[index]) at index \(index) is outside the vocabulary 0..<\(vocabulary)")
        }
        if let mask, let index = mask.firstIndex(where: { !$0.isFinite }) {
            throw LabError("window mask weight at index \(index) is not finite")
        }
    }
}
