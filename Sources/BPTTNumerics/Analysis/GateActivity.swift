/// The mean activation of one of a gated cell's gates, over the steps and rows of a forward pass:
/// where ρ(W) says nothing (a gated cell's W holds its gates' weights), this says how much the cell
/// keeps (LSTM's forget gate f near 1, GRU's update gate z near 1) or lets in.
public struct GateMean: Sendable, Equatable {
    /// "f", "i", "o" (LSTM), "z" (GRU).
    public var gate: String
    /// In [0, 1] (a sigmoid's output), NaN when the pass produced NaN.
    public var mean: Double
    public init(gate: String, mean: Double) { self.gate = gate; self.mean = mean }
}

public enum GateActivity {
    /// The gates worth showing and their block in the cell's cache rows (`CellKind.cacheWidth`):
    /// LSTM rows are [i | f | g | o | tanh c], GRU rows [z | r | n | W_n h]. The forget gate leads,
    /// as it decides the constant-error path; GRU's update gate z plays its part. None for Elman.
    public static func gates(of cell: CellKind) -> [(name: String, block: Int)] {
        switch cell {
        case .elman: return []
        case .gru: return [("z", 0)]
        case .lstm: return [("f", 1), ("i", 0), ("o", 3)]
        }
    }

    /// The means of `gates(of:)` over the cache of the workspace's last forward pass.
    public static func means<T: RNNScalar>(of workspace: RNNWorkspace<T>) -> [GateMean] {
        gates(of: workspace.shape.cell).map { GateMean(gate: $0.name, mean: workspace.cacheBlockMean($0.block)) }
    }

    /// Runs the model forward over `tokens` (one sequence from a zero state, batch 1) and returns
    /// its gates' means; empty for Elman or fewer than 2 tokens. Allocates a workspace for the pass:
    /// meant for an occasional measurement (the dashboard's key row), not for every update.
    public static func measure(params: RNNParameters<Float>, tokens: [Int32]) -> [GateMean] {
        guard params.shape.cell != .elman, tokens.count >= 2 else { return [] }
        let length = tokens.count - 1
        let window = SequenceWindow(length: length, batch: 1, inputs: Array(tokens.dropLast()),
                                    targets: Array(tokens.dropFirst()), mask: nil, firstOutput: 0)
        let workspace = RNNWorkspace<Float>(shape: params.shape, maxLength: length, batch: 1)
        _ = rnnForward(params, window, initialState: [Float](repeating: 0, count: params.shape.stateWidth),
                       workspace: workspace)
        return means(of: workspace)
    }
}

extension RNNWorkspace {
    /// Mean of the H-wide block `block` of the cell cache's rows over every step and row of the last
    /// forward pass (a gate's mean activation); NaN before any pass or when the cell keeps no such block.
    public func cacheBlockMean(_ block: Int) -> Double {
        let h = shape.hidden, width = shape.cell.cacheWidth(hidden: h)
        guard length > 0, block >= 0, (block + 1) * h <= width else { return .nan }
        var sum = 0.0
        for t in 0..<length {
            let rows = cacheBlock(t)
            for r in 0..<batch {
                let values = rows + r * width + block * h
                for i in 0..<h { sum += Double(values[i]) }
            }
        }
        return sum / Double(length * batch * h)
    }
}
