/// The recurrent cell of the model: how s_t follows from s_{t-1} and x_t. Every cell reads the same
/// three tensors, with its gates packed side by side as PyTorch and cuDNN pack them:
/// U (V x G·H, an embedding table), W (G·H x H) and b (G·H), G = `gateCount`.
/// - elman: s_t = tanh(U x_t + W s_{t-1} + b) (G = 1).
/// - gru (Cho et al. 2014, with the reset gate applied after the recurrent product as in cuDNN and
///   PyTorch, so one packed product serves all gates; G = 3, blocks z, r, n):
///   z = σ(·), r = σ(·), n = tanh(U_n x + b_n + r ⊙ (W_n h_{t-1})), h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}.
/// - lstm (G = 4, blocks i, f, g, o; the forget bias starts at 1): c_t = f ⊙ c_{t-1} + i ⊙ g,
///   h_t = o ⊙ tanh(c_t); the carried state is (h, c).
public enum CellKind: String, Sendable, Hashable, Codable, CaseIterable {
    case elman
    case gru
    case lstm

    /// Gate blocks of width H in U's rows, W's rows and b.
    public var gateCount: Int {
        switch self {
        case .elman: 1
        case .gru: 3
        case .lstm: 4
        }
    }

    /// Values of one sequence's carried state: h, and for LSTM c after it (row layout [h | c]).
    public func stateWidth(hidden: Int) -> Int { self == .lstm ? 2 * hidden : hidden }

    /// Values per row and step the backward pass keeps from the forward (beside h_t): none for Elman
    /// (tanh' comes from s_t), z r n and W_n h_{t-1} for GRU, i f g o and tanh(c_t) for LSTM.
    public func cacheWidth(hidden: Int) -> Int {
        switch self {
        case .elman: 0
        case .gru: 4 * hidden
        case .lstm: 5 * hidden
        }
    }
}
