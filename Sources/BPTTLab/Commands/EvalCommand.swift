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

    @Option(help: "Which part of the checkpoint's corpus: valid or test.")
    var split: String = "test"

    @Option(help: "Evaluate on this text file instead (tokenised with the checkpoint's vocabulary).")
    var file: String?

    @Flag(help: "Sentence by sentence from a zero state (default: one carried stream).")
    var sentences = false

    func run() throws {
        try reportingErrors {
            guard split == "valid" || split == "test" else {
                throw ValidationError("--split must be valid or test, got '\(split)'")
            }
            // Only the checkpoint is needed for --file; its own splits need the corpus it names.
            let model = try CheckpointModel(path: checkpoint)
            let stream: TokenStream
            let name: String
            if let file {
                stream = try CorpusLoader.stream(file: file, vocabulary: model.vocabulary, level: model.config.level)
                name = file
            } else {
                let corpus = try model.loadCorpus(checkpointPath: checkpoint)
                stream = split == "valid" ? corpus.valid : corpus.test
                name = "\(corpus.name) \(split)"
            }
            let loss = Evaluator.meanLoss(params: model.params, stream: stream, sentenceMode: sentences,
                                          batch: model.config.batch)
            var text = "\(name): \(stream.tokens.count) tokens, loss=\(CompactNumber.format(loss)) nats, "
                + "ppl=\(CompactNumber.format(exp(loss), decimals: 3))"
            if model.config.level == .char { text += ", \(CompactNumber.format(loss / log(2))) bits/char" }
            print(text)
        }
    }
}
