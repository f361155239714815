import BPTTNumerics

/// Batches of whole sentences for sentence mode (the state is reset for every sentence, BPTT is
/// full), B sentences at a time, padded to the longest with a mask.
///
/// Every token of a sentence is predicted: the first input is a start token, by default the
/// sentence's own last token (its end token, "\n" or `<eos>`), exactly what precedes the sentence
/// in stream mode. So a sentence of n tokens gives n predictions: input[t] = token[t-1],
/// target[t] = token[t]. A sentence longer than `maxLength` is cut into pieces of at most
/// `maxLength` predictions; a later piece starts from the token before it (with a fresh state).
///
/// Order: shuffled anew every epoch by a generator seeded with (seed, epoch), so a batcher rebuilt
/// from (seed, epoch, cursor) continues exactly. The last batch of an epoch may have fewer
/// sentences; its empty rows are fully masked.
public struct SentenceBatcher: Sendable {
    public let batch: Int
    public let seed: UInt64
    public let maxLength: Int?
    private let tokens: [Int32]
    private let pieces: [Piece]
    private let startToken: Int32?
    private var order: [Int]
    public private(set) var epoch: Int
    /// Index into this epoch's shuffled order of the next sentence (piece) to batch.
    public private(set) var cursor: Int

    struct Piece: Sendable {
        var targets: Range<Int>
        var startsSentence: Bool
        var sentenceEnd: Int
    }

    /// Sentences (pieces) per epoch.
    public var sentencesPerEpoch: Int { pieces.count }

    public init(stream: TokenStream, batch: Int, seed: UInt64, maxLength: Int?,
                startToken: Int32? = nil, epoch: Int = 0, cursor: Int = 0) throws {
        func bad(_ message: String) -> CorpusError { CorpusError(kind: .invalidOptions, file: "", message: message) }
        guard batch >= 1 else { throw bad("batch must be at least 1, got \(batch)") }
        if let maxLength, maxLength < 1 { throw bad("maximum sentence length must be at least 1, got \(maxLength)") }
        var pieces: [Piece] = []
        for sentence in stream.sentences where !sentence.isEmpty {
            let step = maxLength ?? sentence.count
            for start in stride(from: sentence.lowerBound, to: sentence.upperBound, by: step) {
                pieces.append(Piece(targets: start..<min(start + step, sentence.upperBound),
                                    startsSentence: start == sentence.lowerBound, sentenceEnd: sentence.upperBound))
            }
        }
        guard !pieces.isEmpty else {
            throw CorpusError(kind: .tooShort(have: 0, need: 1), file: "", message: "the token stream has no sentences")
        }
        guard epoch >= 0, (0..<pieces.count).contains(cursor) else {
            throw bad("saved sentence cursor \(cursor) (epoch \(epoch)) is outside 0..<\(pieces.count); "
                + "the checkpoint does not match this corpus")
        }
        self.batch = batch
        self.seed = seed
        self.maxLength = maxLength
        self.tokens = stream.tokens
        self.pieces = pieces
        self.startToken = startToken
        self.epoch = epoch
        self.cursor = cursor
        self.order = Self.order(count: pieces.count, seed: seed, epoch: epoch)
    }

    /// The next batch: `inputs`, `targets` and `mask` are length x batch ([t*batch + b]).
    public mutating func next() -> (length: Int, inputs: [Int32], targets: [Int32], mask: [Float], epochEnded: Bool) {
        let chosen = order[cursor..<min(cursor + batch, order.count)].map { pieces[$0] }
        let length = chosen.map(\.targets.count).max() ?? 0
        var inputs = [Int32](repeating: 0, count: length * batch)
        var targets = inputs
        var mask = [Float](repeating: 0, count: length * batch)
        for (b, piece) in chosen.enumerated() {
            for (t, index) in piece.targets.enumerated() {
                let input: Int32
                if t > 0 || !piece.startsSentence { input = tokens[index - 1] }
                else { input = startToken ?? tokens[piece.sentenceEnd - 1] }
                inputs[t * batch + b] = input
                targets[t * batch + b] = tokens[index]
                mask[t * batch + b] = 1
            }
        }
        cursor += chosen.count
        let ended = cursor >= order.count
        if ended {
            epoch += 1
            cursor = 0
            order = Self.order(count: pieces.count, seed: seed, epoch: epoch)
        }
        return (length, inputs, targets, mask, ended)
    }

    private static func order(count: Int, seed: UInt64, epoch: Int) -> [Int] {
        var generator = SplitMix64(seed: seed, stream: UInt64(epoch))
        var order = Array(0..<count)
        generator.shuffle(&order)
        return order
    }
}
