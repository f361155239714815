import Foundation
@testable import BPTTNumerics

/// A deliberately plain Float64 Elman RNN in textbook orientation, for ONE sequence:
/// s_t = tanh(U x_t + W s_{t-1} + b) with U as an H x V matrix (column x_t), y_t = softmax(V s_t + c).
/// Written independently of the engines (nested arrays, scalar loops) to check them.
struct ReferenceRNN {
    let hidden: Int
    let vocabulary: Int
    var U: [[Double]]   // H x V (math orientation: column v is token v's input weights)
    var W: [[Double]]   // H x H
    var b: [Double]
    var V: [[Double]]   // V x H
    var c: [Double]

    init(_ p: RNNParameters<Double>) {
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
    func step(_ previous: [Double], input: Int) -> [Double] {
        (0..<hidden).map { i in
            var sum = U[i][input] + b[i]
            for j in 0..<hidden { sum += W[i][j] * previous[j] }
            return Foundation.tanh(sum)
        }
    }

    /// States s_0..s_{n-1} over `inputs` from `initial`.
    func states(_ inputs: [Int], from initial: [Double]) -> [[Double]] {
        var result: [[Double]] = []
        var s = initial
        for x in inputs {
            s = step(s, input: x)
            result.append(s)
        }
        return result
    }

    func probabilities(_ s: [Double]) -> [Double] {
        let logits = (0..<vocabulary).map { k in c[k] + (0..<hidden).reduce(0.0) { $0 + V[k][$1] * s[$1] } }
        let largest = logits.max()!
        let exps = logits.map { Foundation.exp($0 - largest) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    /// -log p(target | s).
    func loss(_ s: [Double], target: Int) -> Double { -Foundation.log(probabilities(s)[target]) }

    /// dE/ds for e = -log p(target | s), times weight: V^T (p - onehot) * weight.
    func outputError(_ s: [Double], target: Int, weight: Double) -> [Double] {
        var dy = probabilities(s)
        dy[target] -= 1
        return (0..<hidden).map { i in weight * (0..<vocabulary).reduce(0.0) { $0 + V[$1][i] * dy[$1] } }
    }
}

/// Gradients in textbook orientation (dU is H x V).
struct ReferenceGradients {
    var U: [[Double]], W: [[Double]], b: [Double], V: [[Double]], c: [Double]

    init(hidden h: Int, vocabulary v: Int) {
        U = Array(repeating: Array(repeating: 0, count: v), count: h)
        W = Array(repeating: Array(repeating: 0, count: h), count: h)
        b = Array(repeating: 0, count: h)
        V = Array(repeating: Array(repeating: 0, count: h), count: v)
        c = Array(repeating: 0, count: v)
    }

    /// In the engine's storage layout (U transposed into an embedding table).
    func asParameters(_ shape: RNNShape) -> RNNParameters<Double> {
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
struct ReferenceOutput {
    var step: Int        // t: the output e_t = weight * -log p(target_t | s_t)
    var target: Int
    var weight: Double
    var earliest: Int    // the error reaches s_t, ..., s_earliest; s_{earliest-1} is a constant
}

extension ReferenceRNN {
    /// Builds each output's truncated graph explicitly: starting from the constant state before
    /// `earliest` (taken from `states`, the forward pass of the whole sequence), it re-unrolls only
    /// the allowed steps and back-propagates e_t through exactly that unroll, one step at a time.
    /// Returns the summed gradients and, per step, the summed error dE/ds reaching it and
    /// the error of each output separately.
    func explicitGradients(inputs: [Int], initial: [Double], outputs: [ReferenceOutput])
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
    func truncatedObjective(inputs: [Int], initial: [Double], constants: [[Double]], outputs: [ReferenceOutput]) -> Double {
        var total = 0.0
        for output in outputs {
            let a = output.earliest
            var s = a == 0 ? initial : constants[a - 1]
            for step in a...output.step { s = self.step(s, input: inputs[step]) }
            total += output.weight * loss(s, target: output.target)
        }
        return total
    }
}
