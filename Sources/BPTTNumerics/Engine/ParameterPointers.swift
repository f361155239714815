/// Raw addresses of the five tensors, valid inside `withPointers` / `withMutablePointers` only.
/// The engines take these once per call instead of nesting five buffer closures at each use.
struct ParameterPointers<T: RNNScalar> {
    var U: UnsafePointer<T>
    var W: UnsafePointer<T>
    var b: UnsafePointer<T>
    var V: UnsafePointer<T>
    var c: UnsafePointer<T>
}

struct MutableParameterPointers<T: RNNScalar> {
    var U: UnsafeMutablePointer<T>
    var W: UnsafeMutablePointer<T>
    var b: UnsafeMutablePointer<T>
    var V: UnsafeMutablePointer<T>
    var c: UnsafeMutablePointer<T>
}

extension RNNParameters {
    /// Traps unless every tensor has the size its shape requires and the shape is `expected`.
    func requireLayout(matching expected: RNNShape, role: String) {
        guard shape == expected else {
            failContract(NumericsError("\(role) have shape \(shape) but the workspace is for \(expected)"))
        }
        forEachTensor { name, values in
            let count = Self.expectedCount(of: name, shape: shape)!
            guard values.count == count else {
                failContract(NumericsError("\(role) tensor \(name) has \(values.count) values, expected \(count) for \(shape)"))
            }
        }
    }

    func withPointers<R>(_ body: (ParameterPointers<T>) throws -> R) rethrows -> R {
        try U.withUnsafeBufferPointer { u in
            try W.withUnsafeBufferPointer { w in
                try b.withUnsafeBufferPointer { bias in
                    try V.withUnsafeBufferPointer { v in
                        try c.withUnsafeBufferPointer { outputBias in
                            try body(ParameterPointers(U: u.baseAddress!, W: w.baseAddress!, b: bias.baseAddress!,
                                                       V: v.baseAddress!, c: outputBias.baseAddress!))
                        }
                    }
                }
            }
        }
    }

    mutating func withMutablePointers<R>(_ body: (MutableParameterPointers<T>) throws -> R) rethrows -> R {
        try U.withUnsafeMutableBufferPointer { u in
            try W.withUnsafeMutableBufferPointer { w in
                try b.withUnsafeMutableBufferPointer { bias in
                    try V.withUnsafeMutableBufferPointer { v in
                        try c.withUnsafeMutableBufferPointer { outputBias in
                            try body(MutableParameterPointers(U: u.baseAddress!, W: w.baseAddress!, b: bias.baseAddress!,
                                                              V: v.baseAddress!, c: outputBias.baseAddress!))
                        }
                    }
                }
            }
        }
    }
}
