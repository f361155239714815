/// The weights of s_t = tanh(U x_t + W s_{t-1} + b), y_t = softmax(V s_t + c), row-major.
///
/// - `U` is stored TRANSPOSED as an embedding table: `U[v * H + i]` = (math U)[i][v], so U x_t for a
///   one-hot x_t is the contiguous row of token v.
/// - `W` is H x H with s_t = W s_{t-1}: `W[i * H + j]` multiplies s_{t-1}[j] into s_t[i].
/// - `b` is H, `V` is V x H (`V[v * H + i]`), `c` is V.
public struct RNNParameters<T: RNNScalar>: Sendable, Equatable {
    public var shape: RNNShape
    public var U: [T]
    public var W: [T]
    public var b: [T]
    public var V: [T]
    public var c: [T]

    /// Tensor names in a fixed order (checkpoints and optimizers iterate in this order).
    public static var tensorNames: [String] { ["U", "W", "b", "V", "c"] }

    /// Uniform weights in ±sqrt(1/fan_in) (U: fan_in = vocabulary; W and V: fan_in = hidden), zero
    /// biases, drawn in storage order U, W, V from `SeededGenerator(seed:)` in Float64 and then
    /// rounded to T: the same seed gives the same weights on any machine, in Float and Double alike.
    public init(shape: RNNShape, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        func uniform(_ count: Int, fanIn: Int) -> [T] {
            let limit = (1.0 / Double(fanIn)).squareRoot()
            return (0..<count).map { _ in T(generator.nextSymmetric(limit)) }
        }
        let h = shape.hidden, v = shape.vocabulary
        self.shape = shape
        U = uniform(v * h, fanIn: v)
        W = uniform(h * h, fanIn: h)
        b = [T](repeating: 0, count: h)
        V = uniform(v * h, fanIn: h)
        c = [T](repeating: 0, count: v)
    }

    /// All-zero tensors (gradient accumulators).
    public static func zeros(shape: RNNShape) -> RNNParameters<T> {
        RNNParameters(shape: shape, U: [T](repeating: 0, count: shape.vocabulary * shape.hidden),
                      W: [T](repeating: 0, count: shape.hidden * shape.hidden),
                      b: [T](repeating: 0, count: shape.hidden),
                      V: [T](repeating: 0, count: shape.vocabulary * shape.hidden),
                      c: [T](repeating: 0, count: shape.vocabulary))
    }

    /// Memberwise; `validate()` checks that the tensor sizes match the shape.
    public init(shape: RNNShape, U: [T], W: [T], b: [T], V: [T], c: [T]) {
        self.shape = shape
        self.U = U; self.W = W; self.b = b; self.V = V; self.c = c
    }

    /// Element count each tensor must have for `shape`, by name.
    public static func expectedCount(of name: String, shape: RNNShape) -> Int? {
        switch name {
        case "U", "V": return shape.vocabulary * shape.hidden
        case "W": return shape.hidden * shape.hidden
        case "b": return shape.hidden
        case "c": return shape.vocabulary
        default: return nil
        }
    }

    /// The key path of a tensor by name, nil for unknown names.
    public static func keyPath(forTensor name: String) -> WritableKeyPath<RNNParameters<T>, [T]>? {
        switch name {
        case "U": return \.U
        case "W": return \.W
        case "b": return \.b
        case "V": return \.V
        case "c": return \.c
        default: return nil
        }
    }

    /// A tensor by name ("U", "W", "b", "V", "c"); an unknown name is a programming error and traps.
    public subscript(tensor name: String) -> [T] {
        get { self[keyPath: Self.checkedKeyPath(name)] }
        set { self[keyPath: Self.checkedKeyPath(name)] = newValue }
    }

    /// Visits each tensor in `tensorNames` order, mutably.
    public mutating func withTensors(_ body: (String, inout [T]) throws -> Void) rethrows {
        try body("U", &U)
        try body("W", &W)
        try body("b", &b)
        try body("V", &V)
        try body("c", &c)
    }

    /// Visits each tensor in `tensorNames` order, read-only.
    public func forEachTensor(_ body: (String, [T]) throws -> Void) rethrows {
        try body("U", U)
        try body("W", W)
        try body("b", b)
        try body("V", V)
        try body("c", c)
    }

    /// The same weights in another precision.
    public func converted<S: RNNScalar>(to: S.Type) -> RNNParameters<S> {
        func convert(_ values: [T]) -> [S] { values.map { S($0) } }
        return RNNParameters<S>(shape: shape, U: convert(U), W: convert(W), b: convert(b), V: convert(V), c: convert(c))
    }

    /// Throws when a tensor's size does not match the shape, or a value is not finite.
    public func validate() throws {
        try shape.validate()
        try forEachTensor { name, values in
            let expected = Self.expectedCount(of: name, shape: shape)!
            guard values.count == expected else {
                throw NumericsError("tensor \(name) has \(values.count) values, expected \(expected) for \(shape)")
            }
            if let index = values.firstIndex(where: { !$0.isFinite }) {
                throw NumericsError("tensor \(name) has a non-finite value at index \(index)")
            }
        }
    }

    /// Sets every value to zero, keeping the storage (for gradient accumulators).
    public mutating func zero() {
        withTensors { _, values in
            values.withUnsafeMutableBufferPointer { $0.baseAddress?.zeroFill(count: $0.count) }
        }
    }

    /// Sum of squares of all values, in Float64.
    public var squaredNorm: Double {
        var total = 0.0
        forEachTensor { _, values in
            values.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                total += Double(T.dot(count: buffer.count, x: base, y: base))
            }
        }
        return total
    }

    private static func checkedKeyPath(_ name: String) -> WritableKeyPath<RNNParameters<T>, [T]> {
        guard let path = keyPath(forTensor: name) else {
            failContract(NumericsError("unknown tensor name \"\(name)\"; expected one of \(tensorNames)"))
        }
        return path
    }
}
