import Foundation
import BPTTCorpus

/// The train, validation and test text of a corpus as a run sees it, one file each: at word level a
/// sentence a line with the words outside the vocabulary written as `<unk>`, at char level the text
/// with unknown characters as `<unk>`. For training other tools (rnnlm, faster-rnnlm) on exactly the
/// same text and vocabulary, so their perplexities compare with ours.
public enum CorpusExport {
    public static let fileNames = ["train.txt", "valid.txt", "test.txt"]

    /// Writes `folder`/train.txt, valid.txt and test.txt (each atomically), after checking all three
    /// paths as every output is checked (`OutputFile`, kind corpus text). Returns the paths.
    public static func write(_ corpus: Corpus, to folder: String, inputs: [OutputFile.Input]) throws -> [String] {
        let paths = fileNames.map { (folder as NSString).appendingPathComponent($0) }
        for path in paths { try OutputFile.check(path, option: "--out", kind: .corpusText, inputs: inputs) }
        for (path, stream) in zip(paths, [corpus.train, corpus.valid, corpus.test]) {
            var text = corpus.vocabulary.decode(stream.tokens, level: corpus.level)
            if corpus.level == .word && !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            try OutputFile.replace(path, option: "--out", kind: .corpusText, inputs: inputs, with: Array(text.utf8))
        }
        return paths
    }
}
