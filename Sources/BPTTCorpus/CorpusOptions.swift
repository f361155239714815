/// How a text corpus is read and split.
public struct CorpusOptions: Sendable, Equatable {
    public var level: TokenLevel
    /// Tokens seen fewer times in the training part read as `<unk>`.
    public var minCount: Int
    /// Most vocabulary entries in total (specials included); nil = unlimited.
    public var maxSize: Int?
    /// Share of the training file's lines held out for validation when there is no valid file.
    public var validFraction: Double
    /// Share of the training file's lines held out for testing when there is no test file.
    public var testFraction: Double
    /// A vocabulary larger than this is refused ("would not fit"): the output layer is V x H.
    public var maxVocabularySize: Int
    /// Sentence mode is offered only when no training sentence is longer than this many tokens
    /// (full BPTT over a book written as one line is not a sentence model).
    public var maxSentenceLength: Int

    public init(level: TokenLevel = .char, minCount: Int = 1, maxSize: Int? = nil,
                validFraction: Double = 0.1, testFraction: Double = 0.1,
                maxVocabularySize: Int = 1_000_000, maxSentenceLength: Int = 2_000) {
        self.level = level
        self.minCount = minCount
        self.maxSize = maxSize
        self.validFraction = validFraction
        self.testFraction = testFraction
        self.maxVocabularySize = maxVocabularySize
        self.maxSentenceLength = maxSentenceLength
    }

    func validate() throws {
        func bad(_ message: String) -> CorpusError { CorpusError(kind: .invalidOptions, file: "", message: message) }
        if minCount < 1 { throw bad("min_count must be at least 1, got \(minCount)") }
        if let maxSize, maxSize < 3 { throw bad("max_vocab must be 0 (unlimited) or at least 3, got \(maxSize)") }
        for (key, value) in [("valid_fraction", validFraction), ("test_fraction", testFraction)]
        where !(value >= 0 && value < 1) {
            throw bad("\(key) must be in 0..<1, got \(value)")
        }
        if validFraction + testFraction >= 1 {
            throw bad("valid_fraction + test_fraction must be below 1, got \(validFraction + testFraction)")
        }
        if maxVocabularySize < 3 { throw bad("the vocabulary limit must be at least 3, got \(maxVocabularySize)") }
    }
}
