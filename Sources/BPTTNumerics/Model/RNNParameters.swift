/// The weights of s_t = tanh(U x_t + W s_{t-1} + b), y_t = softmax(V s_t + c), row-major (Elman; a
/// gated cell packs its G gate blocks into U, W and b, see `CellKind`; P = G·H below, P = H for Elman).
///
/// - `U` is stored TRANSPOSED as an embedding table: `U[v * P + i]` = (math U)[i][v], so U x_t for a
///   one-hot x_t is the contiguous row of token v.
/// - `W` is P x H with s_t = W s_{t-1}: `W[i * H + j]` multiplies s_{t-1}[j] into pre-activation i.
/// - `b` is P, `V` is V x H (`V[v * H + i]`), `c` is V.
/// - With word classes (`shape.classes`): `classV` is C x H and `classC` is C (the class softmax), and
///   the rows of `V` and `c` are in slot order (`WordClasses.slotOf`: row r is word members[r]), so
///   each class's words are contiguous. Without classes both class tensors are empty.
public struct RNNParameters<T: RNNScalar>: Sendable, Equatable {
    public var shape: RNNShape
    public var U: [T]
    public var W: [T]
    public var b: [T]
    public var V: [T]
    public var c: [T]
    public var classV: [T]
    public var classC: [T]

    /// Every tensor name a model can have, in a fixed order (checkpoints and optimizers iterate in it).
    public static var allTensorNames: [String] { ["U", "W", "b", "V", "c", "classV", "classC"] }

    /// This model's tensors: the five of the full softmax, plus classV and classC with classes.
    public var tensorNames: [String] { Self.tensorNames(for: shape) }

    public static func tensorNames(for shape: RNNShape) -> [String] {
        shape.classes == nil ? Array(allTensorNames.prefix(5)) : allTensorNames
    }

    /// Uniform weights in ±sqrt(1/fan_in) (U: fan_in = vocabulary; W, V and classV: fan_in = hidden),
    /// zero biases except LSTM's forget gate (1, so the cell state is kept at first), drawn in storage
    /// order U, W, V, classV from `SeededGenerator(seed:)` in Float64 and then rounded to T: the same
    /// seed gives the same weights on any machine, in Float and Double alike (and the same U, W, V
    /// with or without classes).
    public init(shape: RNNShape, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        func uniform(_ count: Int, fanIn: Int) -> [T] {
            let limit = (1.0 / Double(fanIn)).squareRoot()
            return (0..<count).map { _ in T(generator.nextSymmetric(limit)) }
        }
        let h = shape.hidden, v = shape.vocabulary, p = shape.gateWidth
        self.shape = shape
        U = uniform(v * p, fanIn: v)
        W = uniform(p * h, fanIn: h)
        b = [T](repeating: 0, count: p)
        if shape.cell == .lstm {
            for i in h..<2 * h { b[i] = 1 }
        }
        V = uniform(v * h, fanIn: h)
        c = [T](repeating: 0, count: v)
        classV = uniform(shape.classCount * h, fanIn: h)
        classC = [T](repeating: 0, count: shape.classCount)
    }

    /// All-zero tensors (gradient accumulators).
    public static func zeros(shape: RNNShape) -> RNNParameters<T> {
        func zeros(_ name: String) -> [T] { [T](repeating: 0, count: expectedCount(of: name, shape: shape)!) }
        return RNNParameters(shape: shape, U: zeros("U"), W: zeros("W"), b: zeros("b"), V: zeros("V"), c: zeros("c"),
                             classV: zeros("classV"), classC: zeros("classC"))
    }

    /// Memberwise; `validate()` checks that the tensor sizes match the shape.
    public init(shape: RNNShape, U: [T], W: [T], b: [T], V: [T], c: [T], classV: [T] = [], classC: [T] = []) {
        self.shape = shape
        self.U = U; self.W = W; self.b = b; self.V = V; self.c = c
        self.classV = classV; self.classC = classC
    }

    /// Element count each tensor must have for `shape`, by name.
    public static func expectedCount(of name: String, shape: RNNShape) -> Int? {
        switch name {
        case "U": return shape.vocabulary * shape.gateWidth
        case "V": return shape.vocabulary * shape.hidden
        case "W": return shape.gateWidth * shape.hidden
        case "b": return shape.gateWidth
        case "c": return shape.vocabulary
        case "classV": return shape.classCount * shape.hidden
        case "classC": return shape.classCount
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
        case "classV": return \.classV
        case "classC": return \.classC
        default: return nil
        }
    }

    /// A tensor by name ("U", "W", "b", "V", "c", "classV", "classC"); an unknown name is a programming error and traps.
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
        if shape.classes != nil {
            try body("classV", &classV)
            try body("classC", &classC)
        }
    }

    /// Visits each tensor in `tensorNames` order, read-only.
    public func forEachTensor(_ body: (String, [T]) throws -> Void) rethrows {
        try body("U", U)
        try body("W", W)
        try body("b", b)
        try body("V", V)
        try body("c", c)
        if shape.classes != nil {
            try body("classV", classV)
            try body("classC", classC)
        }
    }

    /// The same weights in another precision.
    public func converted<S: RNNScalar>(to: S.Type) -> RNNParameters<S> {
        func convert(_ values: [T]) -> [S] { values.map { S($0) } }
        return RNNParameters<S>(shape: shape, U: convert(U), W: convert(W), b: convert(b), V: convert(V), c: convert(c),
                                classV: convert(classV), classC: convert(classC))
    }

    /// Throws when a tensor's size does not match the shape, or a value is not finite.
    public func validate() throws {
        try shape.validate()
        try forEachTensor { name, values in
            let expected = Self.expectedCount(of: name, shape: shape)!
            guard values.count == expected else {
                throw LabError("tensor \(name) has \(values.count) values, expected \(expected) for \(shape)")
            }
            if let index = values.firstIndex(where: { !$0.isFinite }) {
                throw LabError("tensor \(name) has a non-finite value at index \(index)")
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
            failContract(LabError("unknown tensor name \"\(name)\"; expected one of \(allTensorNames)"))
        }
        return path
    }
}
