/// B parallel streams over one token stream, like rnnlm's parallel streams: the stream is cut into
/// B contiguous parts of P = (N-1)/B inputs each (the target of a part's last input is the next
/// token), and every call takes the next `steps` positions of all parts at once.
///
/// Layout: `inputs[t*B + b]` is stream b's input at step t, `targets` the token that follows.
/// Positions wrap modulo P, so every block has exactly `steps` rows and every epoch visits each
/// position once. In epoch e stream b reads part (b + e) mod B: when a block crosses the end of an
/// epoch, stream b goes on from the end of part b into the start of part b + 1, which is exactly the
/// text that follows, so the carried hidden state stays valid. Only the stream that wraps from the
/// last part to the first jumps (a stale state there costs a few steps; measured: restarting every
/// stream at its own part's start made the loss spike at each epoch). The tail of N-1 not divisible
/// by B is unused.
public struct StreamBatcher: Sendable {
    public let batch: Int
    /// Inputs per stream and epoch (P).
    public let streamLength: Int
    private let tokens: [Int32]
    /// Completed passes over the data.
    public private(set) var epoch: Int
    /// Next position in each stream, 0..<streamLength.
    public private(set) var position: Int

    /// `epoch` and `position` restore a saved batcher (a checkpoint).
    public init(stream: TokenStream, batch: Int, epoch: Int = 0, position: Int = 0) throws {
        guard batch >= 1 else {
            throw CorpusError(kind: .invalidOptions, file: "", message: "batch must be at least 1, got \(batch)")
        }
        guard stream.count >= 2 * batch else {
            throw CorpusError(kind: .tooShort(have: stream.count, need: 2 * batch), file: "",
                              message: "the token stream has \(stream.count) tokens; \(batch) parallel streams "
                                  + "need at least \(2 * batch)")
        }
        let length = (stream.count - 1) / batch
        guard epoch >= 0, (0..<length).contains(position) else {
            throw CorpusError(kind: .invalidOptions, file: "",
                              message: "saved stream position \(position) (epoch \(epoch)) is outside 0..<\(length); "
                                  + "the checkpoint does not match this corpus and batch size")
        }
        self.batch = batch
        self.streamLength = length
        self.tokens = stream.tokens
        self.epoch = epoch
        self.position = position
    }

    /// The next block of `steps` positions; `epochEnded` when it reached or crossed the end.
    public mutating func next(steps: Int) -> (inputs: [Int32], targets: [Int32], epochEnded: Bool) {
        precondition(steps >= 1, "steps must be positive")
        var inputs = [Int32](repeating: 0, count: steps * batch)
        var targets = inputs
        tokens.withUnsafeBufferPointer { source in
            for t in 0..<steps {
                let offset = (position + t) % streamLength
                let rowEpoch = epoch + (position + t) / streamLength
                for b in 0..<batch {
                    let part = (b + rowEpoch) % batch
                    let index = part * streamLength + offset
                    inputs[t * batch + b] = source[index]
                    targets[t * batch + b] = source[index + 1]
                }
            }
        }
        let advanced = position + steps
        epoch += advanced / streamLength
        position = advanced % streamLength
        return (inputs, targets, advanced >= streamLength)
    }
}
