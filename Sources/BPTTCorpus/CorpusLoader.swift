/// Loads text files into a `Corpus`.
public enum CorpusLoader {
    /// Reads `train` (and `valid` / `test` when given; nil or "" means "hold out a share of the
    /// training file instead", see `HeldOutSplit` for the exact, deterministic rule).
    ///
    /// Text: UTF-8 (a byte-order mark is ignored), "\r\n" is a line break, blank lines are skipped.
    /// Each non-blank line is a sentence ending with the end token ("\n" / `<eos>`). The vocabulary
    /// comes from the training part only; other tokens read as `<unk>`.
    public static func load(train: String, valid: String?, test: String?, options: CorpusOptions) throws -> Corpus {
        try options.validate()
        let validFile = valid.flatMap { $0.isEmpty ? nil : $0 }
        let testFile = test.flatMap { $0.isEmpty ? nil : $0 }
        var raw = RawTokenizer(level: options.level)

        let whole = try tokenize(file: train, with: &raw)
        var parts = try HeldOutSplit.split(whole, valid: validFile == nil ? options.validFraction : 0,
                                           test: testFile == nil ? options.testFraction : 0, file: train)
        if let validFile { parts.valid = try tokenize(file: validFile, with: &raw) }
        if let testFile { parts.test = try tokenize(file: testFile, with: &raw) }

        var counts: [String: Int] = [:]
        var rawCounts = [Int](repeating: 0, count: raw.texts.count)
        for id in parts.train.tokens { rawCounts[Int(id)] += 1 }
        for (id, count) in rawCounts.enumerated() where count > 0 { counts[raw.texts[id]] = count }
        let vocabulary = Vocabulary.build(counts: counts, level: options.level,
                                          minCount: options.minCount, maxSize: options.maxSize)
        if vocabulary.count > options.maxVocabularySize {
            throw CorpusError(kind: .vocabularyTooLarge(size: vocabulary.count, limit: options.maxVocabularySize),
                              file: train,
                              message: "\(train): the vocabulary would have \(vocabulary.count) tokens, more than "
                                  + "the limit of \(options.maxVocabularySize), and would not fit in memory; "
                                  + "raise min_count or set max_vocab")
        }

        let table = raw.texts.map { vocabulary.id(of: $0) }
        let trainStream = parts.train.remapped(table, fallback: vocabulary.unknownID)
        return Corpus(
            name: baseName(train), source: train, level: options.level, vocabulary: vocabulary,
            train: trainStream,
            valid: parts.valid.remapped(table, fallback: vocabulary.unknownID),
            test: parts.test.remapped(table, fallback: vocabulary.unknownID),
            hasSentences: trainStream.sentences.count >= 2 && trainStream.longestSentence <= options.maxSentenceLength)
    }

    private static func tokenize(file: String, with raw: inout RawTokenizer) throws -> TokenStream {
        let stream = raw.tokenize(try TextFile.read(file))
        if stream.sentences.isEmpty { throw CorpusError.empty(file) }
        return stream
    }

    private static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
