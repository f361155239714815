import Foundation

/// Estimates the spectral radius of the H x H matrix W (largest |eigenvalue|) by power iteration
/// from a seeded random start. The estimate is the geometric mean growth ||W v|| / ||v|| over the
/// second half of the iterations, which also converges when the dominant eigenvalues are a complex
/// pair (the plain last ratio would oscillate). Returns 0 for a nilpotent or zero W, and for
/// iterations < 1; NaN entries give NaN and an overflowing product infinity.
@_specialize(exported: true, where T == Float)
@_specialize(exported: true, where T == Double)
public func spectralRadiusEstimate<T: RNNScalar>(_ W: [T], hidden: Int, iterations: Int, seed: UInt64) -> Double {
    guard hidden >= 1, W.count == hidden * hidden else {
        failContract(LabError("spectralRadiusEstimate: W has \(W.count) values, expected hidden^2 = \(hidden * hidden)"))
    }
    guard iterations >= 1 else { return 0 }
    var generator = SeededGenerator(seed: seed)
    var vector = (0..<hidden).map { _ in T(generator.nextSymmetric(1)) }
    var product = [T](repeating: 0, count: hidden)
    var logGrowth = 0.0
    var counted = 0
    let firstCounted = iterations / 2
    let norm0 = vector.withUnsafeBufferPointer { T.meanRowNorm($0.baseAddress!, rows: 1, width: hidden) }
    normalize(&vector, by: norm0)
    return NumericsEnvironment.withFlushToZero {
        W.withUnsafeBufferPointer { w in
            for iteration in 0..<iterations {
                vector.withUnsafeBufferPointer { v in
                    product.withUnsafeMutableBufferPointer { y in
                        T.gemv(transpose: false, m: hidden, n: hidden, alpha: 1, a: w.baseAddress!, lda: hidden,
                               x: v.baseAddress!, beta: 0, y: y.baseAddress!)
                    }
                }
                let growth = product.withUnsafeBufferPointer { T.meanRowNorm($0.baseAddress!, rows: 1, width: hidden) }
                guard !growth.isNaN else { return .nan }
                guard growth.isFinite else { return .infinity }
                guard growth > 0 else { return 0 }
                if iteration >= firstCounted {
                    logGrowth += Foundation.log(growth)
                    counted += 1
                }
                swap(&vector, &product)
                normalize(&vector, by: growth)
            }
            return Foundation.exp(logGrowth / Double(counted))
        }
    }
}

private func normalize<T: RNNScalar>(_ vector: inout [T], by norm: Double) {
    guard norm > 0 else { return }
    let scale = T(1 / norm)
    for i in vector.indices { vector[i] *= scale }
}
