import Foundation
import Testing
@testable import BPTTNumerics

/// The gates' mean activity the dashboard's key row shows, against the gate recomputed by hand from
/// the packed weights and the forward pass's states: σ(U_k x_t + W_k h_{t-1} + b_k), block k.
struct GateActivityTests {
    /// Mean over steps and rows of σ(pre-activation of gate block k), from the workspace's h_{t-1}.
    static func handMean(_ p: RNNParameters<Double>, _ w: SequenceWindow, _ ws: RNNWorkspace<Double>, block k: Int) -> Double {
        let h = p.shape.hidden, g = p.shape.gateWidth
        var sum = 0.0
        for t in 0..<w.length {
            let previous = ws.state(at: t - 1)
            for r in 0..<w.batch {
                let x = Int(w.inputs[t * w.batch + r])
                for i in 0..<h {
                    let unit = k * h + i
                    var a = p.U[x * g + unit] + p.b[unit]
                    for j in 0..<h { a += p.W[unit * h + j] * previous[r * h + j] }
                    sum += 1 / (1 + exp(-a))
                }
            }
        }
        return sum / Double(w.length * w.batch * h)
    }

    @Test(arguments: [CellKind.lstm, .gru])
    func meansAreTheGatesOfTheLastForward(_ cell: CellKind) {
        let shape = RNNShape(vocabulary: 7, hidden: 5, cell: cell)
        let p = TestModels.parameters(shape, seed: 31, recurrentScale: 1)
        let w = TestModels.window(length: 9, batch: 3, vocabulary: 7, seed: 32)
        let ws = RNNWorkspace<Double>(shape: shape, maxLength: 9, batch: 3)
        _ = rnnForward(p, w, initialState: [Double](repeating: 0, count: 3 * shape.stateWidth), workspace: ws)
        let means = GateActivity.means(of: ws)
        #expect(means.map(\.gate) == (cell == .lstm ? ["f", "i", "o"] : ["z"]))
        for (mean, gate) in zip(means, GateActivity.gates(of: cell)) {
            let expected = Self.handMean(p, w, ws, block: gate.block)
            #expect(abs(mean.mean - expected) < 1e-12, "\(cell) \(gate.name): \(mean.mean) vs \(expected)")
            #expect(mean.mean > 0 && mean.mean < 1)
        }
    }

    @Test func lstmForgetGateStartsNearItsBias() {
        // The forget bias starts at 1: with small weights f ≈ σ(1) ≈ 0.73, the other gates ≈ σ(0) = 0.5.
        let shape = RNNShape(vocabulary: 12, hidden: 16, cell: .lstm)
        let p = RNNParameters<Float>(shape: shape, seed: 5)
        let tokens = (0..<101).map { Int32($0 * 7 % 12) }
        let means = GateActivity.measure(params: p, tokens: tokens)
        #expect(means.map(\.gate) == ["f", "i", "o"])
        #expect(abs(means[0].mean - 1 / (1 + exp(-1.0))) < 0.05, "f \(means[0].mean)")
        #expect(abs(means[1].mean - 0.5) < 0.05, "i \(means[1].mean)")
    }

    @Test func elmanHasNoGates() {
        let p = RNNParameters<Float>(shape: RNNShape(vocabulary: 5, hidden: 4), seed: 1)
        #expect(GateActivity.measure(params: p, tokens: [0, 1, 2, 3]).isEmpty)
        #expect(GateActivity.gates(of: .elman).isEmpty)
    }
}
