/// The token <-> id mapping of a corpus.
///
/// Layout of a built vocabulary: id 0 is `<unk>`, id 1 the sentence end token ("\n" at char
/// level, `<eos>` at word level, always present), then the kept tokens by count (descending),
/// ties by token (ascending), so ids never depend on hash order.
public struct Vocabulary: Sendable, Equatable, Codable {
    public static let unknownToken = "<unk>"
    public static let endOfSentenceToken = "<eos>"

    /// id -> token.
    public let tokens: [String]
    public var unknownID: Int32
    /// The token that ends every sentence: `<eos>` at word level (appended at each line end),
    /// "\n" at char level. nil only for hand-made vocabularies without one.
    public var endOfSentenceID: Int32?
    private let ids: [String: Int32]

    public var count: Int { tokens.count }

    /// A vocabulary from an explicit token list (ids in list order). `unknownID` must name a token.
    public init(tokens: [String], unknownID: Int32 = 0, endOfSentenceID: Int32? = nil) {
        precondition(tokens.indices.contains(Int(unknownID)), "unknownID out of range")
        self.tokens = tokens
        self.unknownID = unknownID
        self.endOfSentenceID = endOfSentenceID
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(tokens.count)
        // First occurrence wins, so a duplicate in the list cannot shadow an earlier id.
        for (index, token) in tokens.enumerated() where ids[token] == nil { ids[token] = Int32(index) }
        self.ids = ids
    }

    /// The id of `token`, or `unknownID` when it is not in the vocabulary.
    public func id(of token: String) -> Int32 { ids[token] ?? unknownID }

    public func contains(_ token: String) -> Bool { ids[token] != nil }

    /// Builds the vocabulary of `text`: tokens seen fewer than `minCount` times, and those beyond
    /// `maxSize` entries in total (specials included), are left out and read as `<unk>`.
    public static func build(from text: String, level: TokenLevel, minCount: Int, maxSize: Int?) -> Vocabulary {
        build(counts: TokenCounter.count(text, level: level), level: level, minCount: minCount, maxSize: maxSize)
    }

    static func build(counts: [String: Int], level: TokenLevel, minCount: Int, maxSize: Int?) -> Vocabulary {
        let specials = [unknownToken, level == .word ? endOfSentenceToken : "\n"]
        let kept = counts
            .filter { $0.value >= max(1, minCount) && !specials.contains($0.key) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map(\.key)
        let room = maxSize.map { max(0, $0 - specials.count) } ?? kept.count
        return Vocabulary(tokens: specials + kept.prefix(room), unknownID: 0, endOfSentenceID: 1)
    }

    /// Ids of the tokens of `text`, taken literally (e.g. a prime text): char level maps every
    /// Unicode scalar; word level maps the words and puts `<eos>` at each line break that ends a
    /// non-blank line (so "the cat" has no `<eos>`, "the cat\n" has one).
    public func encode(_ text: String, level: TokenLevel) -> [Int32] {
        switch level {
        case .char:
            return text.unicodeScalars.map { id(of: String($0)) }
        case .word:
            var out: [Int32] = []
            let lines = TextLines.split(text)
            for (index, line) in lines.enumerated() {
                let words = TextLines.words(of: line)
                if words.isEmpty { continue }
                out.append(contentsOf: words.map { id(of: TextLines.string($0)) })
                if index < lines.count - 1, let eos = endOfSentenceID { out.append(eos) }
            }
            return out
        }
    }

    /// Text of `ids`: char level concatenates; word level joins with spaces and turns `<eos>` into a
    /// line break. Out-of-range ids read as `<unk>`.
    public func decode(_ ids: [Int32], level: TokenLevel) -> String {
        func token(_ id: Int32) -> String {
            tokens.indices.contains(Int(id)) ? tokens[Int(id)] : tokens[Int(unknownID)]
        }
        switch level {
        case .char:
            return ids.map(token).joined()
        case .word:
            var out = ""
            var atLineStart = true
            for id in ids {
                if id == endOfSentenceID {
                    out += "\n"
                    atLineStart = true
                } else {
                    if !atLineStart { out += " " }
                    out += token(id)
                    atLineStart = false
                }
            }
            return out
        }
    }

    public static func == (lhs: Vocabulary, rhs: Vocabulary) -> Bool {
        lhs.tokens == rhs.tokens && lhs.unknownID == rhs.unknownID && lhs.endOfSentenceID == rhs.endOfSentenceID
    }

    private enum CodingKeys: String, CodingKey { case tokens, unknownID, endOfSentenceID }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let tokens = try container.decode([String].self, forKey: .tokens)
        let unknownID = try container.decode(Int32.self, forKey: .unknownID)
        let eos = try container.decodeIfPresent(Int32.self, forKey: .endOfSentenceID)
        guard tokens.indices.contains(Int(unknownID)), eos.map({ tokens.indices.contains(Int($0)) }) ?? true else {
            throw DecodingError.dataCorruptedError(forKey: .unknownID, in: container,
                                                   debugDescription: "special token id outside the vocabulary")
        }
        self.init(tokens: tokens, unknownID: unknownID, endOfSentenceID: eos)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tokens, forKey: .tokens)
        try container.encode(unknownID, forKey: .unknownID)
        try container.encodeIfPresent(endOfSentenceID, forKey: .endOfSentenceID)
    }
}
