import Foundation
import BPTTNumerics

// The one-file explanation of the algorithms the engines implement, in plain Float64 and nested
// arrays (textbook orientation, ONE sequence), written independently of the engines to check them:
//
//  - Forward: s_t = tanh(U x_t + W s_{t-1} + b), y_t = softmax(V s_t + c), e_t = -log y_t[target].
//  - Naive BPTT (`explicitGradients`): every output's error e_t is pushed back on its own, step by
//    step, through the unroll it is allowed to reach. O(T^2) for a window of T outputs.
//  - Optimized BPTT (`sweepGradients`): when every output of a window reaches back to the same start,
//    the errors arriving at a step can be summed before they go further: one backward sweep, O(T).
//  - Truncated BPTT: an output's error may reach only back to `ReferenceOutput.earliest`; the state
//    before it is a constant. rnnlm's blocks (k1 new steps, k2 kept from earlier blocks) give every
//    output of a block the same earliest step (the window's start), so the sweep applies; the
//    engines' `TruncatedBPTT` is exactly this with that window. `truncatedObjective` is the
//    function whose gradient that is (what the tests take finite differences of).

/// A deliberately plain Float64 Elman RNN in textbook orientation, for ONE sequence:
/// s_t = tanh(U x_t + W s_{t-1} + b) with U as an H x V matrix (column x_t), y_t = softmax(V s_t + c).
public struct ReferenceRNN {
    public let hidden: Int
    public let vocabulary: Int
    public var U: [[Double]]   // H x V (math orientation: column v is token v's input weights)
    public var W: [[Double]]   // H x H
    public var b: [Double]
    public var V: [[Double]]   // V x H
    public var c: [Double]

    public init(_ p: RNNParameters<Double>) {
        hidden = p.shape.hidden
        vocabulary = p.shape.vocabulary
        let h = hidden, v = vocabulary
        U = (0..<h).map { i in (0..<v).map { token in p.U[token * h + i] } }
        W = (0..<h).map { i in (0..<h).map { j in p.W[i * h + j] } }
        b = p.b
        V = (0..<v).map { token in (0..<h).map { i in p.V[token * h + i] } }
        c = p.c
    }

    /// The state after consuming `input` from `previous`.
    public func step(_ previous: [Double], input: Int) -> [Double] {
        (0..<hidden).map { i in
            var sum = U[i][input] + b[i]
            for j in 0..<hidden { sum += W[i][j] * previous[j] }
            return Foundation.tanh(sum)
        }
    }

    /// States s_0..s_{n-1} over `inputs` from `initial`.
    public func states(_ inputs: [Int], from initial: [Double]) -> [[Double]] {
        var result: [[Double]] = []
        var s = initial
        for x in inputs {
            s = step(s, input: x)
            result.append(s)
        }
        return result
    }

    public func probabilities(_ s: [Double]) -> [Double] {
        let logits = (0..<vocabulary).map { k in c[k] + (0..<hidden).reduce(0.0) { $0 + V[k][$1] * s[$1] } }
        let largest = logits.max()!
        let exps = logits.map { Foundation.exp($0 - largest) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    /// -log p(target | s).
    public func loss(_ s: [Double], target: Int) -> Double { -Foundation.log(probabilities(s)[target]) }

    /// dE/ds for e = -log p(target | s), times weight: V^T (p - onehot) * weight.
    public func outputError(_ s: [Double], target: Int, weight: Double) -> [Double] {
        var dy = probabilities(s)
        dy[target] -= 1
        return (0..<hidden).map { i in weight * (0..<vocabulary).reduce(0.0) { $0 + V[$1][i] * dy[$1] } }
    }
}

/// Gradients in textbook orientation (dU is H x V).
public struct ReferenceGradients {
    public var U: [[Double]], W: [[Double]], b: [Double], V: [[Double]], c: [Double]

    public init(hidden h: Int, vocabulary v: Int) {
        U = Array(repeating: Array(repeating: 0, count: v), count: h)
        W = Array(repeating: Array(repeating: 0, count: h), count: h)
        b = Array(repeating: 0, count: h)
        V = Array(repeating: Array(repeating: 0, count: h), count: v)
        c = Array(repeating: 0, count: v)
    }

    /// In the engine's storage layout (U transposed into an embedding table).
    public func asParameters(_ shape: RNNShape) -> RNNParameters<Double> {
        let h = shape.hidden, v = shape.vocabulary
        var p = RNNParameters<Double>.zeros(shape: shape)
        for i in 0..<h {
            for token in 0..<v { p.U[token * h + i] = U[i][token] }
            for j in 0..<h { p.W[i * h + j] = W[i][j] }
        }
        p.b = b
        for token in 0..<v { for i in 0..<h { p.V[token * h + i] = V[token][i] } }
        p.c = c
        return p
    }
}

/// One output of a sequence, with where its error is allowed to go.
public struct ReferenceOutput {
    public var step: Int        // t: the output e_t = weight * -log p(target_t | s_t)
    public var target: Int
    public var weight: Double
    public var earliest: Int    // the error reaches s_t, ..., s_earliest; s_{earliest-1} is a constant

    public init(step: Int, target: Int, weight: Double, earliest: Int) {
        self.step = step; self.target = target; self.weight = weight; self.earliest = earliest
    }
}

extension ReferenceRNN {
    /// Builds each output's truncated graph explicitly: starting from the constant state before
    /// `earliest` (taken from `states`, the forward pass of the whole sequence), it re-unrolls only
    /// the allowed steps and back-propagates e_t through exactly that unroll, one step at a time.
    /// Returns the summed gradients and, per step, the summed error dE/ds reaching it and
    /// the error of each output separately.
    public func explicitGradients(inputs: [Int], initial: [Double], outputs: [ReferenceOutput])
        -> (gradients: ReferenceGradients, stepErrors: [[Double]], perOutput: [Int: [Int: [Double]]]) {
        let h = hidden
        let allStates = states(inputs, from: initial)
        var g = ReferenceGradients(hidden: h, vocabulary: vocabulary)
        var stepErrors = Array(repeating: Array(repeating: 0.0, count: h), count: inputs.count)
        var perOutput: [Int: [Int: [Double]]] = [:]
        for output in outputs {
            let t = output.step, a = output.earliest
            let constant = a == 0 ? initial : allStates[a - 1]
            // The explicit unroll of the allowed steps a...t.
            var unrolled: [[Double]] = []
            var s = constant
            for step in a...t {
                s = self.step(s, input: inputs[step])
                unrolled.append(s)
            }
            // Output layer of e_t.
            var dy = probabilities(unrolled.last!)
            dy[output.target] -= 1
            for k in 0..<vocabulary {
                g.c[k] += output.weight * dy[k]
                for i in 0..<h { g.V[k][i] += output.weight * dy[k] * unrolled.last![i] }
            }
            // Back through the unroll.
            var error = outputError(unrolled.last!, target: output.target, weight: output.weight)
            var errors: [Int: [Double]] = [:]
            for step in stride(from: t, through: a, by: -1) {
                errors[step] = error
                for i in 0..<h { stepErrors[step][i] += error[i] }
                let current = unrolled[step - a]
                let previous = step == a ? constant : unrolled[step - a - 1]
                let delta = (0..<h).map { error[$0] * (1 - current[$0] * current[$0]) }
                for i in 0..<h {
                    g.U[i][inputs[step]] += delta[i]
                    g.b[i] += delta[i]
                    for j in 0..<h { g.W[i][j] += delta[i] * previous[j] }
                }
                error = (0..<h).map { j in (0..<h).reduce(0.0) { $0 + W[$1][j] * delta[$1] } }
            }
            perOutput[t] = errors
        }
        return (g, stepErrors, perOutput)
    }

    /// The truncated objective itself: sum over outputs of weight * e_t, each computed on its own
    /// unroll from the constant state before `earliest` (what finite differences are taken of).
    public func truncatedObjective(inputs: [Int], initial: [Double], constants: [[Double]], outputs: [ReferenceOutput]) -> Double {
        var total = 0.0
        for output in outputs {
            let a = output.earliest
            var s = a == 0 ? initial : constants[a - 1]
            for step in a...output.step { s = self.step(s, input: inputs[step]) }
            total += output.weight * loss(s, target: output.target)
        }
        return total
    }

    /// Optimized BPTT: one backward sweep from the last output to the window's start, for outputs
    /// that all reach back to the same step (`earliest`, the window's start). The error arriving at
    /// step t is the sum of t's own output error and W^T delta_{t+1}; it is pushed back once, not
    /// once per output. Gives `explicitGradients`'s results (same sums, another order).
    public func sweepGradients(inputs: [Int], initial: [Double], outputs: [ReferenceOutput])
        -> (gradients: ReferenceGradients, stepErrors: [[Double]]) {
        let h = hidden
        var g = ReferenceGradients(hidden: h, vocabulary: vocabulary)
        var stepErrors = Array(repeating: Array(repeating: 0.0, count: h), count: inputs.count)
        guard let start = outputs.first?.earliest, let last = outputs.map(\.step).max() else { return (g, stepErrors) }
        precondition(outputs.allSatisfy { $0.earliest == start }, "a sweep needs one window start for every output")
        let allStates = states(inputs, from: initial)
        let constant = start == 0 ? initial : allStates[start - 1]
        var carried = Array(repeating: 0.0, count: h) // W^T delta of the step after
        for step in stride(from: last, through: start, by: -1) {
            var error = carried
            for output in outputs where output.step == step {
                var dy = probabilities(allStates[step])
                dy[output.target] -= 1
                for k in 0..<vocabulary {
                    g.c[k] += output.weight * dy[k]
                    for i in 0..<h { g.V[k][i] += output.weight * dy[k] * allStates[step][i] }
                }
                let own = outputError(allStates[step], target: output.target, weight: output.weight)
                for i in 0..<h { error[i] += own[i] }
            }
            stepErrors[step] = error
            let current = allStates[step]
            let previous = step == start ? constant : allStates[step - 1]
            let delta = (0..<h).map { error[$0] * (1 - current[$0] * current[$0]) }
            for i in 0..<h {
                g.U[i][inputs[step]] += delta[i]
                g.b[i] += delta[i]
                for j in 0..<h { g.W[i][j] += delta[i] * previous[j] }
            }
            carried = (0..<h).map { j in (0..<h).reduce(0.0) { $0 + W[$1][j] * delta[$1] } }
        }
        return (g, stepErrors)
    }
}
