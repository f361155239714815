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
            let (_, trainer) = try TrainerCheckpoint.load(from: checkpoint)
            let corpus = trainer.corpus
            let stream: TokenStream
            let name: String
            if let file {
                stream = try CorpusLoader.stream(file: file, vocabulary: corpus.vocabulary, level: corpus.level)
                name = file
            } else {
                stream = split == "valid" ? corpus.valid : corpus.test
                name = "\(corpus.name) \(split)"
            }
            let loss = Evaluator.meanLoss(params: trainer.params, stream: stream, sentenceMode: sentences,
                                          batch: trainer.config.batch)
            var text = String(format: "%@: %d tokens, loss=%.4f nats, ppl=%.3f", name, stream.tokens.count, loss, exp(loss))
            if corpus.level == .char { text += String(format: ", %.4f bits/char", loss / log(2)) }
            print(text)
        }
    }
}
