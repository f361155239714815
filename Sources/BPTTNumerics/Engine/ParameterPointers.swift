/// Raw addresses of the tensors, valid inside `withPointers` / `withMutablePointers` only.
/// The engines take these once per call instead of nesting buffer closures at each use.
/// classV and classC point at empty storage (never read) without classes. Worker threads may share
/// them (hence Sendable) as long as each writes only its own part.
struct ParameterPointers<T: RNNScalar>: @unchecked Sendable {
    var U: UnsafePointer<T>
    var W: UnsafePointer<T>
    var b: UnsafePointer<T>
    var V: UnsafePointer<T>
    var c: UnsafePointer<T>
    var classV: UnsafePointer<T>
    var classC: UnsafePointer<T>
}

struct MutableParameterPointers<T: RNNScalar>: @unchecked Sendable {
    var U: UnsafeMutablePointer<T>
    var W: UnsafeMutablePointer<T>
    var b: UnsafeMutablePointer<T>
    var V: UnsafeMutablePointer<T>
    var c: UnsafeMutablePointer<T>
    var classV: UnsafeMutablePointer<T>
    var classC: UnsafeMutablePointer<T>
}

extension RNNParameters {
    /// Traps unless every tensor has the size its shape requires and the shape is `expected`.
    func requireLayout(matching expected: RNNShape, role: String) {
        guard shape == expected else {
            failContract(LabError("\(role) have shape \(shape) but the workspace is for \(expected)"))
        }
        // The counts read directly, not through `self[tensor:]`: this runs on every update, and a
        // key path built in a generic context is instantiated (and its type demangled) at each call.
        func check(_ name: String, _ actual: Int) {
            let count = Self.expectedCount(of: name, shape: shape)!
            guard actual == count else {
                failContract(LabError("\(role) tensor \(name) has \(actual) values, expected \(count) for \(shape)"))
            }
        }
        check("U", U.count); check("W", W.count); check("b", b.count); check("V", V.count); check("c", c.count)
        check("classV", classV.count); check("classC", classC.count)
    }

    func withPointers<R>(_ body: (ParameterPointers<T>) throws -> R) rethrows -> R {
        try U.withUnsafeBufferPointer { u in
            try W.withUnsafeBufferPointer { w in
                try b.withUnsafeBufferPointer { bias in
                    try V.withUnsafeBufferPointer { v in
                        try c.withUnsafeBufferPointer { outputBias in
                            try classV.withUnsafeBufferPointer { cv in
                                try classC.withUnsafeBufferPointer { cc in
                                    try body(ParameterPointers(U: u.baseAddress!, W: w.baseAddress!, b: bias.baseAddress!,
                                                               V: v.baseAddress!, c: outputBias.baseAddress!,
                                                               classV: cv.baseAddress ?? Self.emptyAddress,
                                                               classC: cc.baseAddress ?? Self.emptyAddress))
                                }
                            }
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
                            try classV.withUnsafeMutableBufferPointer { cv in
                                try classC.withUnsafeMutableBufferPointer { cc in
                                    try body(MutableParameterPointers(U: u.baseAddress!, W: w.baseAddress!, b: bias.baseAddress!,
                                                                      V: v.baseAddress!, c: outputBias.baseAddress!,
                                                                      classV: cv.baseAddress ?? Self.emptyMutableAddress,
                                                                      classC: cc.baseAddress ?? Self.emptyMutableAddress))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Stands in for the empty class tensors of a full-softmax model (never dereferenced).
    private static var emptyAddress: UnsafePointer<T> { UnsafePointer(emptyMutableAddress) }
    private static var emptyMutableAddress: UnsafeMutablePointer<T> {
        UnsafeMutablePointer(bitPattern: MemoryLayout<T>.alignment)!
    }
}
