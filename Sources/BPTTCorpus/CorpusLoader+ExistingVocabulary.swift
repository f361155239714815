extension CorpusLoader {
    /// Tokenises a text file with a vocabulary that already exists (a checkpoint's), for evaluating a
    /// trained model on new text; tokens the vocabulary lacks read as `<unk>`.
    public static func stream(file: String, vocabulary: Vocabulary, level: TokenLevel) throws -> TokenStream {
        var raw = RawTokenizer(level: level)
        let stream = raw.tokenize(try TextFile.read(file))
        if stream.sentences.isEmpty { throw CorpusError.empty(file) }
        let table = raw.texts.map { vocabulary.id(of: $0) }
        return stream.remapped(table, fallback: vocabulary.unknownID)
    }
}
