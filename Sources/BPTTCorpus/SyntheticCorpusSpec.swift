/// Parameters of the built-in corpus (see `SyntheticCorpus` for the language they define).
public struct SyntheticCorpusSpec: Sendable, Equatable, Codable {
    /// d: how many tokens after a sentence's key the key is repeated (2...1000).
    public var distance: Int
    /// K: how many different keys, the uppercase letters A, B, … (2...26).
    public var keys: Int
    /// Training sentences; validation and test get a tenth of that each (at least 1).
    public var sentences: Int
    /// M: how many vowels the filler's vowel slots draw from, uniformly and independently (1...5):
    /// 1 is the fixed filler; more makes every other filler letter a random distractor.
    public var distractors: Int
    public var seed: UInt64

    public init(distance: Int = 16, keys: Int = 4, sentences: Int = 4_000, distractors: Int = 1, seed: UInt64 = 1) {
        self.distance = distance
        self.keys = keys
        self.sentences = sentences
        self.distractors = distractors
        self.seed = seed
    }

    public static let distanceRange = 2...1_000
    public static let keysRange = 2...26
    public static let sentencesRange = 1...10_000_000
    public static let distractorsRange = 1...SyntheticGrammar.vowels.count
    /// Most tokens (all three parts) the generated corpus may have.
    public static let maximumTokens = 50_000_000

    /// Tokens per sentence: key, d-1 filler, key again, "\n".
    public var sentenceLength: Int { distance + 2 }
    /// The key symbols, "A", "B", ….
    public var keySymbols: [String] { (0..<keys).map { String(UnicodeScalar(UInt8(65 + $0))) } }
    /// The d - 1 filler characters with "a" in every vowel slot (see `SyntheticCorpus`); with
    /// distractors each vowel slot holds one of `vowels` instead.
    public var filler: [String] { SyntheticGrammar.filler(distance: distance) }
    /// The vowels a vowel slot draws from: "a" alone, or the first M of a e i o u.
    public var vowels: [String] { Array(SyntheticGrammar.vowels.prefix(distractors)) }
    /// Vowel slots in the filler (its odd positions): each costs ln M nats to any model.
    public var vowelSlots: Int { (distance - 1) / 2 }
    var validSentences: Int { max(1, sentences / 10) }
    var totalTokens: Int { (sentences + 2 * validSentences) * sentenceLength }

    /// Throws `CorpusError` (file "builtin") when a parameter is out of range.
    public func validate() throws {
        func bad(_ message: String) -> CorpusError { CorpusError(kind: .invalidOptions, file: "builtin", message: message) }
        if !Self.distanceRange.contains(distance) {
            throw bad("builtin_distance must be in \(Self.distanceRange), got \(distance)")
        }
        if !Self.keysRange.contains(keys) { throw bad("builtin_keys must be in \(Self.keysRange), got \(keys)") }
        if !Self.distractorsRange.contains(distractors) {
            throw bad("builtin_distractors must be in \(Self.distractorsRange), got \(distractors)")
        }
        if !Self.sentencesRange.contains(sentences) {
            throw bad("builtin_sentences must be in \(Self.sentencesRange), got \(sentences)")
        }
        if totalTokens > Self.maximumTokens {
            throw bad("the built-in corpus would have \(totalTokens) tokens, more than \(Self.maximumTokens); "
                + "lower builtin_sentences or builtin_distance")
        }
    }
}
