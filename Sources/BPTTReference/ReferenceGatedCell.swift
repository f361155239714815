import Foundation
import BPTTNumerics

/// GRU and LSTM forward in plain Float64 and nested arrays, ONE sequence, written from the equations
/// (not from the engines) so the tests can check that the engines' packed gates compute them:
///
///   GRU:  z = σ(U_z x + W_z h + b_z),  r = σ(U_r x + W_r h + b_r),
///         n = tanh(U_n x + b_n + r ⊙ (W_n h)),  h' = (1 - z) ⊙ n + z ⊙ h
///   LSTM: i, f, o = σ(U_· x + W_· h + b_·),  g = tanh(U_g x + W_g h + b_g),
///         c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')
///
/// Gate blocks in the order the parameters pack them (GRU: z r n; LSTM: i f g o).
public struct ReferenceGatedCell {
    public let cell: CellKind
    public let hidden: Int
    /// Per gate block: its input weights (H x V, math orientation), recurrent weights (H x H), bias.
    public var inputWeights: [[[Double]]]
    public var recurrentWeights: [[[Double]]]
    public var biases: [[Double]]
    let output: ReferenceRNN

    public init(_ p: RNNParameters<Double>) {
        precondition(p.shape.cell != .elman, "ReferenceRNN is the Elman reference")
        cell = p.shape.cell
        hidden = p.shape.hidden
        let h = hidden, v = p.shape.vocabulary, width = p.shape.gateWidth
        inputWeights = (0..<cell.gateCount).map { gate in
            (0..<h).map { i in (0..<v).map { token in p.U[token * width + gate * h + i] } }
        }
        recurrentWeights = (0..<cell.gateCount).map { gate in
            (0..<h).map { i in (0..<h).map { j in p.W[(gate * h + i) * h + j] } }
        }
        biases = (0..<cell.gateCount).map { gate in Array(p.b[(gate * h)..<((gate + 1) * h)]) }
        // The output layer is the Elman reference's (V, c over h).
        let outputOnly = RNNParameters<Double>(shape: RNNShape(vocabulary: v, hidden: h),
                                               U: [Double](repeating: 0, count: v * h), W: [Double](repeating: 0, count: h * h),
                                               b: [Double](repeating: 0, count: h), V: p.V, c: p.c)
        output = ReferenceRNN(outputOnly)
    }

    static func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    /// U_gate x + b_gate + (W_gate h when `recurrent`), element i.
    func preActivation(_ gate: Int, _ i: Int, input: Int, state: [Double], recurrent: Bool = true) -> Double {
        var sum = inputWeights[gate][i][input] + biases[gate][i]
        if recurrent { for j in 0..<hidden { sum += recurrentWeights[gate][i][j] * state[j] } }
        return sum
    }

    /// The state after `input` from `previous` (h, and LSTM's c after it: [h | c]).
    public func step(_ previous: [Double], input x: Int) -> [Double] {
        let h = hidden
        let state = Array(previous.prefix(h))
        switch cell {
        case .gru:
            return (0..<h).map { i in
                let z = Self.sigmoid(preActivation(0, i, input: x, state: state))
                let r = Self.sigmoid(preActivation(1, i, input: x, state: state))
                var recurrent = 0.0
                for j in 0..<h { recurrent += recurrentWeights[2][i][j] * state[j] }
                let n = Foundation.tanh(preActivation(2, i, input: x, state: state, recurrent: false) + r * recurrent)
                return (1 - z) * n + z * state[i]
            }
        case .lstm:
            let cellState = Array(previous.suffix(h))
            var nextH = [Double](repeating: 0, count: h), nextC = [Double](repeating: 0, count: h)
            for i in 0..<h {
                let input = Self.sigmoid(preActivation(0, i, input: x, state: state))
                let forget = Self.sigmoid(preActivation(1, i, input: x, state: state))
                let candidate = Foundation.tanh(preActivation(2, i, input: x, state: state))
                let out = Self.sigmoid(preActivation(3, i, input: x, state: state))
                nextC[i] = forget * cellState[i] + input * candidate
                nextH[i] = out * Foundation.tanh(nextC[i])
            }
            return nextH + nextC
        case .elman:
            preconditionFailure("ReferenceRNN is the Elman reference")
        }
    }

    /// Σ_t weight_t · -log p(target_t | h_t) over the outputs, from `initial` ([h | c]).
    public func loss(inputs: [Int], initial: [Double], outputs: [ReferenceOutput]) -> Double {
        var state = initial
        var hiddenStates: [[Double]] = []
        for x in inputs {
            state = step(state, input: x)
            hiddenStates.append(Array(state.prefix(hidden)))
        }
        return outputs.reduce(0.0) { $0 + $1.weight * output.loss(hiddenStates[$1.step], target: $1.target) }
    }
}
