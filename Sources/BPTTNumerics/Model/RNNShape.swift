/// Sizes of the Elman RNN language model: vocabulary V (one-hot inputs and softmax outputs) and
/// hidden size H.
public struct RNNShape: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var vocabulary: Int
    public var hidden: Int

    public init(vocabulary: Int, hidden: Int) {
        self.vocabulary = vocabulary
        self.hidden = hidden
    }

    /// U (V x H as an embedding table) + W (H x H) + b (H) + V (V x H) + c (V).
    public var parameterCount: Int {
        vocabulary * hidden + hidden * hidden + hidden + vocabulary * hidden + vocabulary
    }

    /// Throws unless both sizes are positive and small enough for 32-bit BLAS indexing.
    public func validate() throws {
        guard vocabulary >= 1 else {
            throw NumericsError("vocabulary size must be at least 1 (got \(vocabulary))")
        }
        guard hidden >= 1 else { throw NumericsError("hidden size must be at least 1 (got \(hidden))") }
        let limit = 1 << 20
        guard vocabulary <= limit, hidden <= 1 << 14 else {
            throw NumericsError("model too large: vocabulary \(vocabulary) (max \(limit)), hidden \(hidden) (max \(1 << 14))")
        }
    }

    public var description: String { "V=\(vocabulary) H=\(hidden)" }
}
