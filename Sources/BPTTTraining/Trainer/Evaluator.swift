import BPTTNumerics
import BPTTCorpus

/// Forward-only loss over a token stream.
public enum Evaluator {
    /// Mean cross-entropy per predicted token (nats). Stream mode: the stream is cut into `batch`
    /// contiguous parts read in parallel with the state carried through windows of 64 steps.
    /// Sentence mode: every sentence from a zero state, `batch` sentences at a time, padding masked.
    /// `maxTokens` > 0 evaluates only a prefix of about that many tokens.
    public static func meanLoss(params: RNNParameters<Float>, stream: TokenStream, sentenceMode: Bool,
                                batch: Int, maxTokens: Int = 0) -> Double {
        var tokens = stream.tokens
        if maxTokens > 0 && tokens.count > maxTokens + 1 { tokens = Array(tokens[0...maxTokens]) }
        guard tokens.count >= 2 else { return .nan }
        if sentenceMode {
            let ranges = stream.sentences.filter { $0.upperBound <= tokens.count }
            return sentenceLoss(params: params, tokens: tokens, sentences: ranges, batch: batch)
        }
        return streamLoss(params: params, tokens: tokens, batch: batch)
    }

    static func streamLoss(params: RNNParameters<Float>, tokens: [Int32], batch requested: Int) -> Double {
        let hidden = params.shape.hidden
        let predictions = tokens.count - 1
        let batch = max(1, min(requested, predictions / 16))
        let perStream = predictions / batch
        let windowLength = min(64, perStream)
        let workspace = RNNWorkspace<Float>(shape: params.shape, maxLength: windowLength, batch: batch)
        var state = [Float](repeating: 0, count: batch * hidden)
        var lossSum = 0.0, count = 0.0
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
            lossSum += result.lossSum
            count += result.outputCount
            state = workspace.finalState()
            offset += length
        }
        return count > 0 ? lossSum / count : .nan
    }

    static func sentenceLoss(params: RNNParameters<Float>, tokens: [Int32], sentences: [Range<Int>], batch: Int) -> Double {
        let hidden = params.shape.hidden
        var lossSum = 0.0, count = 0.0
        var start = 0
        while start < sentences.count {
            let group = sentences[start..<min(start + batch, sentences.count)]
            start += group.count
            let length = group.map { $0.count - 1 }.max() ?? 0
            guard length > 0 else { continue }
            let rows = group.count
            var inputs = [Int32](repeating: 0, count: length * rows)
            var targets = inputs
            var mask = [Float](repeating: 0, count: length * rows)
            for (b, range) in group.enumerated() {
                for t in 0..<(range.count - 1) {
                    inputs[t * rows + b] = tokens[range.lowerBound + t]
                    targets[t * rows + b] = tokens[range.lowerBound + t + 1]
                    mask[t * rows + b] = 1
                }
            }
            let workspace = RNNWorkspace<Float>(shape: params.shape, maxLength: length, batch: rows)
            let window = SequenceWindow(length: length, batch: rows, inputs: inputs, targets: targets,
                                        mask: mask, firstOutput: 0)
            let zero = [Float](repeating: 0, count: rows * hidden)
            let result = rnnForward(params, window, initialState: zero, workspace: workspace)
            lossSum += result.lossSum
            count += result.outputCount
        }
        return count > 0 ? lossSum / count : .nan
    }
}
