import Foundation
import BPTTNumerics
import BPTTCorpus

/// Mean losses of one evaluation, nats per predicted token.
public struct Evaluation: Sendable, Equatable {
    /// Over every prediction.
    public var loss: Double
    /// Over the recall predictions only (the built-in language's repeated key); nil without recalls.
    public var recallLoss: Double?
    /// Over every other prediction; nil without recalls.
    public var otherLoss: Double?

    public init(loss: Double, recallLoss: Double? = nil, otherLoss: Double? = nil) {
        self.loss = loss; self.recallLoss = recallLoss; self.otherLoss = otherLoss
    }
}

/// Sums of -log p over predictions, split into recalls and the rest.
struct LossTally {
    var recallSum = 0.0, recallCount = 0.0
    var allSum = 0.0, allCount = 0.0

    /// Adds the recall predictions of a window just run forward: `isRecall(t, b)` marks them.
    mutating func addRecalls(_ workspace: RNNWorkspace<Float>, length: Int, isRecall: (Int, Int) -> Bool) {
        for t in 0..<length {
            for b in 0..<workspace.batch where isRecall(t, b) {
                let p = workspace.targetProbability(at: t, row: b)
                recallSum -= Foundation.log(max(p, Double(Float.leastNormalMagnitude)))
                recallCount += 1
            }
        }
    }

    func evaluation(trackRecalls: Bool) -> Evaluation {
        let loss = allCount > 0 ? allSum / allCount : .nan
        guard trackRecalls else { return Evaluation(loss: loss) }
        let others = allCount - recallCount
        return Evaluation(loss: loss, recallLoss: recallCount > 0 ? recallSum / recallCount : .nan,
                          otherLoss: others > 0 ? (allSum - recallSum) / others : .nan)
    }
}

/// Forward-only loss over a token stream.
public enum Evaluator {
    /// Mean cross-entropy per predicted token (nats). Stream mode: the stream is cut into at most
    /// `batch` contiguous parts (each at least 2000 tokens long) read in parallel with the state carried
    /// through windows of 64 steps.
    /// Sentence mode: every sentence from a zero state, `batch` sentences at a time, padding masked.
    /// `maxTokens` > 0 evaluates only a prefix of about that many tokens. A class model's passes use
    /// up to `threads` worker threads (`RNNWorkspace.useWorkerThreads`; the loss is summed per worker,
    /// so its last bits may differ between thread counts).
    public static func meanLoss(params: RNNParameters<Float>, stream: TokenStream, sentenceMode: Bool,
                                batch: Int, maxTokens: Int = 0, threads: Int = 1) -> Double {
        evaluate(params: params, stream: stream, sentenceMode: sentenceMode, batch: batch, maxTokens: maxTokens,
                 threads: threads).loss
    }

    /// The mean loss as in `meanLoss`, and with `recallTargets` (one flag per token of `stream`, see
    /// `Corpus.recallTargets`) also the loss on the recalls and on everything else, from the same pass.
    public static func evaluate(params: RNNParameters<Float>, stream: TokenStream, sentenceMode: Bool,
                                batch: Int, maxTokens: Int = 0, recallTargets: [Bool]? = nil,
                                threads: Int = 1) -> Evaluation {
        var stream = stream
        let recalls = recallTargets.flatMap { $0.count == stream.count ? $0 : nil }
        if maxTokens > 0 && stream.tokens.count > maxTokens + 1 {
            let kept = stream.sentences.filter { $0.upperBound <= maxTokens + 1 }
            stream = TokenStream(tokens: Array(stream.tokens[0...maxTokens]), sentences: kept)
        }
        guard stream.tokens.count >= 2 else { return Evaluation(loss: .nan) }
        let tally: LossTally
        if sentenceMode && !stream.sentences.isEmpty {
            tally = sentenceLoss(params: params, stream: stream, batch: batch, recalls: recalls, threads: threads)
        } else {
            tally = streamLoss(params: params, tokens: stream.tokens, batch: batch, recalls: recalls, threads: threads)
        }
        return tally.evaluation(trackRecalls: recalls != nil)
    }

    static func streamLoss(params: RNNParameters<Float>, tokens: [Int32], batch requested: Int,
                           recalls: [Bool]?, threads: Int = 1) -> LossTally {
        let predictions = tokens.count - 1
        // Each stream starts from a zero state in the middle of the text, which a model trained on
        // carried state has rarely seen: its first steps can cost many nats. Streams of at least 2000
        // predictions keep that transient under ~1% of the score (measured: 16 streams of 40 tokens
        // made a converged model's validation loss look 5x worse than its training loss).
        let batch = max(1, min(requested, predictions / 2000))
        let perStream = predictions / batch
        let windowLength = min(64, perStream)
        let workspace = RNNWorkspace<Float>(shape: params.shape, maxLength: windowLength, batch: batch)
        workspace.useWorkerThreads(threads)
        var state = [Float](repeating: 0, count: batch * params.shape.stateWidth)
        var tally = LossTally()
        var offset = 0
        while offset < perStream {
            let length = min(windowLength, perStream - offset)
            var inputs = [Int32](repeating: 0, count: length * batch)
            var targets = inputs
            for t in 0..<length {
                for b in 0..<batch {
                    let position = b * perStream + offset + t
                    inputs[t * batch + b] = tokens[position]
                    targets[t * batch + b] = tokens[position + 1]
                }
            }
            let window = SequenceWindow(length: length, batch: batch, inputs: inputs, targets: targets,
                                        mask: nil, firstOutput: 0)
            let result = rnnForward(params, window, initialState: state, workspace: workspace)
            tally.allSum += result.lossSum
            tally.allCount += result.outputCount
            if let recalls {
                tally.addRecalls(workspace, length: length) { t, b in
                    recalls[b * perStream + offset + t + 1]
                }
            }
            state = workspace.finalState()
            offset += length
        }
        return tally
    }

    /// Sentence mode uses the training batcher's convention (every token predicted, the first from
    /// the sentence's end token as a start token), one pass over the sentences in batches.
    /// A recall is recognised by its position in the sentence (the batcher does not say which sentence
    /// a row holds): the target at step d of a sentence that starts at step 0 of its row.
    static func sentenceLoss(params: RNNParameters<Float>, stream: TokenStream, batch: Int,
                             recalls: [Bool]?, threads: Int = 1) -> LossTally {
        var tally = LossTally()
        guard var batcher = try? SentenceBatcher(stream: stream, batch: batch, seed: 0, maxLength: 512) else { return tally }
        // Every built-in sentence has its recall at the same offset; find it from the first sentence.
        let recallOffset = recalls.flatMap { marks in
            stream.sentences.first.flatMap { first in first.firstIndex(where: { marks[$0] }).map { $0 - first.lowerBound } }
        }
        let batches = (batcher.sentencesPerEpoch + batch - 1) / batch
        var workspace: RNNWorkspace<Float>?
        let zero = [Float](repeating: 0, count: batch * params.shape.stateWidth)
        for _ in 0..<batches {
            let next = batcher.next()
            if workspace == nil || workspace!.capacity < next.length {
                workspace = RNNWorkspace<Float>(shape: params.shape, maxLength: max(next.length, 64), batch: batch)
                workspace!.useWorkerThreads(threads)
            }
            let window = SequenceWindow(length: next.length, batch: batch, inputs: next.inputs, targets: next.targets,
                                        mask: next.mask, firstOutput: 0)
            let result = rnnForward(params, window, initialState: zero, workspace: workspace!)
            tally.allSum += result.lossSum
            tally.allCount += result.outputCount
            if let recallOffset, recallOffset < next.length {
                let mask = next.mask
                tally.addRecalls(workspace!, length: next.length) { t, b in
                    t == recallOffset && mask[t * batch + b] > 0
                }
            }
        }
        return tally
    }
}
