import ArgumentParser
import Foundation
import BPTTCorpus
import BPTTTraining

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a checkpoint: loss, perplexity (and bits/char) on its validation or test text, or a file.")

    @Option(help: "The checkpoint to evaluate.")
    var checkpoint: String

    /// The held-out parts of a checkpoint's corpus.
    enum Split: String, ExpressibleByArgument, CaseIterable {
        case valid, test
    }

    @Option(help: "Which part of the checkpoint's corpus.")
    var split: Split = .test

    @Option(help: "Evaluate on this text file instead (tokenised with the checkpoint's vocabulary).")
    var file: String?

    @Flag(help: "Sentence by sentence from a zero state (default: one carried stream).")
    var sentences = false

    func run() throws {
        try reportingErrors {
            // Only the checkpoint is needed for --file; its own splits need the corpus it names.
            let model = try CheckpointModel(path: checkpoint)
            let stream: TokenStream
            let name: String
            if let file {
                stream = try CorpusLoader.stream(file: file, vocabulary: model.vocabulary, level: model.config.level)
                name = file
            } else {
                let corpus = try model.loadCorpus(checkpointPath: checkpoint)
                stream = split == .valid ? corpus.valid : corpus.test
                name = "\(corpus.name) \(split.rawValue)"
            }
            let loss = Evaluator.meanLoss(params: model.params, stream: stream, sentenceMode: sentences,
                                          batch: model.config.batch,
                                          threads: model.config.workerThreads(vocabulary: model.vocabulary.count))
            var text = "\(name): \(stream.tokens.count) tokens, loss=\(CompactNumber.format(loss)) nats, "
                + "ppl=\(CompactNumber.format(exp(loss), decimals: 3))"
            if model.config.level == .char { text += ", \(CompactNumber.format(loss / log(2))) bits/char" }
            print(text)
        }
    }
}
