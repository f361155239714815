/// First pass over a text: every distinct token gets a provisional "raw" id in order of first
/// appearance. The vocabulary is decided later from the training part's counts and raw ids are
/// then remapped, so each file is scanned once and no per-character strings are kept.
struct RawTokenizer {
    let level: TokenLevel
    /// raw id -> token text.
    private(set) var texts: [String] = []
    private var asciiIDs = [Int32](repeating: -1, count: 128)
    private var scalarIDs: [UInt32: Int32] = [:]
    private var wordIDs: [String: Int32] = [:]

    init(level: TokenLevel) { self.level = level }

    /// The raw id of the sentence end token ("\n" at char level, `<eos>` at word level).
    var endID: Int32 {
        mutating get {
            switch level {
            case .char: return id(ofScalar: "\n")
            case .word: return id(ofWord: Vocabulary.endOfSentenceToken)
            }
        }
    }

    /// Tokens of `text`, one sentence per non-blank line, each ending with the end token.
    mutating func tokenize(_ text: String) -> TokenStream {
        var tokens: [Int32] = []
        var sentences: [Range<Int>] = []
        let end = endID
        for line in TextLines.split(text) where !TextLines.isBlank(line) {
            let start = tokens.count
            switch level {
            case .char:
                for scalar in line { tokens.append(id(ofScalar: scalar)) }
            case .word:
                TextLines.forEachWord(in: line) { tokens.append(id(ofWord: String($0))) }
            }
            tokens.append(end)
            sentences.append(start..<tokens.count)
        }
        return TokenStream(tokens: tokens, sentences: sentences)
    }

    private mutating func id(ofScalar scalar: Unicode.Scalar) -> Int32 {
        let value = scalar.value
        if value < 128, asciiIDs[Int(value)] >= 0 { return asciiIDs[Int(value)] }
        if value >= 128, let id = scalarIDs[value] { return id }
        let id = Int32(texts.count)
        texts.append(String(scalar))
        if value < 128 { asciiIDs[Int(value)] = id } else { scalarIDs[value] = id }
        return id
    }

    private mutating func id(ofWord word: String) -> Int32 {
        if let id = wordIDs[word] { return id }
        let id = Int32(texts.count)
        texts.append(word)
        wordIDs[word] = id
        return id
    }
}
