import Foundation
import BPTTNumerics
import BPTTCorpus

/// Generates text from the model, one token at a time, from a zero state.
public enum Sampler {
    /// Feeds `prime` (or the end-of-sentence token when it is empty), then draws `length` tokens from
    /// softmax(logits / temperature). Unknown characters of the prime map to `<unk>`.
    /// With `sentencePerState` (a model trained in sentence mode, each sentence from a zero state),
    /// every sampled end of sentence starts the next one as training did: a zero state fed the end
    /// token. Otherwise the state carries on, as in stream training.
    public static func sample(params: RNNParameters<Float>, vocabulary: Vocabulary, level: TokenLevel,
                              prime: String, length: Int, temperature: Double,
                              random: inout SeededGenerator, sentencePerState: Bool = false) -> String {
        let hidden = params.shape.hidden
        let v = params.shape.vocabulary
        var state = [Float](repeating: 0, count: params.shape.stateWidth)
        var probabilities = [Float](repeating: 0, count: v)
        var primeIDs = prime.isEmpty ? [] : vocabulary.encode(prime, level: level)
        let endOfSentence = vocabulary.endOfSentenceID ?? vocabulary.id(of: "\n")
        if primeIDs.isEmpty { primeIDs = [endOfSentence] }
        for id in primeIDs {
            rnnStep(params, inputs: [id], state: &state, probabilities: &probabilities)
        }
        var output: [Int32] = []
        output.reserveCapacity(length)
        let inverseTemperature = 1 / max(temperature, 1e-3)
        var weights = [Double](repeating: 0, count: v)
        for _ in 0..<max(0, length) {
            // p^(1/T) renormalised equals softmax(z / T).
            var total = 0.0
            for i in 0..<v {
                let p = max(Double(probabilities[i]), 1e-30)
                weights[i] = pow(p, inverseTemperature)
                total += weights[i]
            }
            var u = random.nextUnitDouble() * total
            var chosen = v - 1
            for i in 0..<v {
                u -= weights[i]
                if u <= 0 { chosen = i; break }
            }
            output.append(Int32(chosen))
            if sentencePerState && Int32(chosen) == endOfSentence {
                for i in 0..<hidden { state[i] = 0 }
            }
            rnnStep(params, inputs: [Int32(chosen)], state: &state, probabilities: &probabilities)
        }
        let text = vocabulary.decode(output, level: level)
        if prime.isEmpty { return text }
        // Words are joined by spaces; a prime that ends a word needs one before the sampled text.
        let separator = level == .word && !prime.hasSuffix(" ") && !prime.hasSuffix("\n") ? " " : ""
        return prime + separator + text
    }
}
