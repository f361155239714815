/// A tokenised corpus: vocabulary and the train / validation / test streams.
public struct Corpus: Sendable {
    public var name: String
    /// The file the training text came from, or "builtin"; error messages name it.
    public var source: String
    public var level: TokenLevel
    public var vocabulary: Vocabulary
    public var train: TokenStream
    public var valid: TokenStream
    public var test: TokenStream
    /// Whether sentence mode (state reset per sentence, full BPTT) is available.
    public var hasSentences: Bool
    /// The long-range dependency distance d of the built-in corpus; nil for text files.
    public var dependencyDistance: Int?
    /// Exact expected losses (nats per token) of the built-in corpus with and without the memory
    /// its dependency needs; nil for text files.
    public var lossFloors: LossFloors?

    public init(name: String, source: String, level: TokenLevel, vocabulary: Vocabulary,
                train: TokenStream, valid: TokenStream, test: TokenStream,
                hasSentences: Bool, dependencyDistance: Int? = nil) {
        self.name = name
        self.source = source
        self.level = level
        self.vocabulary = vocabulary
        self.train = train
        self.valid = valid
        self.test = test
        self.hasSentences = hasSentences
        self.dependencyDistance = dependencyDistance
    }

    /// For each token of `stream`, whether predicting it is a recall: the repeated key of a built-in
    /// sentence (d tokens after the sentence's start), the one prediction that needs memory of the
    /// key. Nil for corpora without such a dependency.
    public func recallTargets(in stream: TokenStream) -> [Bool]? {
        guard let d = dependencyDistance else { return nil }
        var marks = [Bool](repeating: false, count: stream.count)
        for sentence in stream.sentences where sentence.count > d { marks[sentence.lowerBound + d] = true }
        return marks
    }

    /// One line, e.g. "builtin d=24: 12 symbols, 90k train tokens" or
    /// "notes.txt (word): 5.2k symbols, 1.2M train / 130k valid / 128k test tokens".
    public var describe: String {
        let head = dependencyDistance.map { "\(name) d=\($0)" } ?? "\(name) (\(level.rawValue))"
        let symbols = level == .char ? "symbols" : "words"
        return "\(head): \(Self.abbreviated(vocabulary.count)) \(symbols), "
            + "\(Self.abbreviated(train.count)) train / \(Self.abbreviated(valid.count)) valid / "
            + "\(Self.abbreviated(test.count)) test tokens"
    }

    /// Refuses a training stream shorter than `tokens`, naming the file and the reason (`purpose`,
    /// e.g. "stream mode with batch 16 and k1 = 10").
    public func requireTrainTokens(_ tokens: Int, for purpose: String) throws {
        guard train.count < tokens else { return }
        throw CorpusError(kind: .tooShort(have: train.count, need: tokens), file: source,
                          message: "\(source): the training text has \(train.count) tokens but \(purpose) needs "
                              + "at least \(tokens); use a longer text or a smaller batch / k1")
    }

    /// 950, 9.5k, 95k, 1.2M: three significant figures at most.
    static func abbreviated(_ n: Int) -> String {
        func scaled(_ value: Double, _ suffix: String) -> String {
            (value < 9.95 ? String(format1: value) : String(Int(value.rounded()))) + suffix
        }
        if n < 1_000 { return String(n) }
        if n < 999_500 { return scaled(Double(n) / 1_000, "k") }
        return scaled(Double(n) / 1_000_000, "M")
    }
}

private extension String {
    /// One decimal, without Foundation's locale-dependent formatting.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}
