/// Raw addresses of the tensors, valid inside `withPointers` / `withMutablePointers` only.
/// The engines take these once per call instead of nesting buffer closures at each use.
/// An empty tensor (classV and classC without classes, every tensor of the unused moments of an
/// optimizer) points at empty storage, never read. Worker threads may share them (hence Sendable) as
/// long as each writes only its own part.
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

/// The one of seven tensors' addresses with this index in `rnnTensorKeyPaths` order (U, W, b, V, c,
/// classV, classC): the order both pointer sets' subscripts follow.
@inline(__always)
private func tensor<Pointer>(_ index: Int, _ U: Pointer, _ W: Pointer, _ b: Pointer, _ V: Pointer, _ c: Pointer,
                             _ classV: Pointer, _ classC: Pointer) -> Pointer {
    switch index {
    case 0: U
    case 1: W
    case 2: b
    case 3: V
    case 4: c
    case 5: classV
    default: classC
    }
}

extension ParameterPointers {
    /// A tensor by its index in `rnnTensorKeyPaths` (U, W, b, V, c, classV, classC).
    subscript(tensor index: Int) -> UnsafePointer<T> { tensor(index, U, W, b, V, c, classV, classC) }

    /// The same addresses, read-only.
    init(_ mutable: MutableParameterPointers<T>) {
        self.init(U: mutable.U, W: mutable.W, b: mutable.b, V: mutable.V, c: mutable.c, classV: mutable.classV,
                  classC: mutable.classC)
    }
}

extension MutableParameterPointers {
    /// A tensor by its index in `rnnTensorKeyPaths` (U, W, b, V, c, classV, classC).
    subscript(tensor index: Int) -> UnsafeMutablePointer<T> { tensor(index, U, W, b, V, c, classV, classC) }
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
                                    let empty = Self.emptyAddress
                                    return try body(ParameterPointers(
                                        U: u.baseAddress ?? empty, W: w.baseAddress ?? empty, b: bias.baseAddress ?? empty,
                                        V: v.baseAddress ?? empty, c: outputBias.baseAddress ?? empty,
                                        classV: cv.baseAddress ?? empty, classC: cc.baseAddress ?? empty))
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
                                    let empty = Self.emptyMutableAddress
                                    return try body(MutableParameterPointers(
                                        U: u.baseAddress ?? empty, W: w.baseAddress ?? empty, b: bias.baseAddress ?? empty,
                                        V: v.baseAddress ?? empty, c: outputBias.baseAddress ?? empty,
                                        classV: cv.baseAddress ?? empty, classC: cc.baseAddress ?? empty))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Stands in for an empty tensor (never dereferenced).
    private static var emptyAddress: UnsafePointer<T> { UnsafePointer(emptyMutableAddress) }
    private static var emptyMutableAddress: UnsafeMutablePointer<T> {
        UnsafeMutablePointer(bitPattern: MemoryLayout<T>.alignment)!
    }
}
