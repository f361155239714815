import ArgumentParser
import Foundation
import BPTTTraining

/// `bptt-lab corpus`: the text a config trains, validates and tests on, written out for other tools.
struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Write the train, validation and test text a config uses, for other tools.",
        discussion: """
            Writes FOLDER/train.txt, valid.txt and test.txt exactly as a run with the same config and \
            overrides splits and reads its corpus: at word level one sentence a line, with the words outside \
            the vocabulary (min_count, max_vocab) written as <unk>. Train rnnlm or faster-rnnlm on them and \
            their perplexities compare with bptt-lab's (same text, same vocabulary). Exit 2: bad input or an \
            output path that may not be written; 4: a write failed.
            """)

    @OptionGroup var runOptions: RunOptions

    @Option(help: ArgumentHelp("Folder to write the three files into (it must exist).", valueName: "folder"))
    var out: String

    func run() throws {
        try reportingErrors {
            let config = try runOptions.loadConfig()
            let corpus = try config.loadCorpus()
            let inputs = config.inputFiles + (runOptions.config.map { [.init(path: $0, role: "the config file")] } ?? [])
            let paths = try CorpusExport.write(corpus, to: out, inputs: inputs)
            for (path, stream) in zip(paths, [corpus.train, corpus.valid, corpus.test]) {
                print("\(path): \(stream.count) tokens")
            }
            print("vocabulary: \(corpus.vocabulary.count) tokens (\(config.level.rawValue) level)")
        }
    }
}
