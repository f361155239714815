import Testing
@testable import BPTTNumerics

/// The RNNScalar BLAS entry points (row-major OpenBLAS calls) against plain triple loops.
struct BLASWrapperTests {
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.nextSymmetric(1) }
    }

    static func check<T: RNNScalar>(_ type: T.Type, tolerance: Double) {
        let (m, n, k) = (5, 7, 4)
        for transposeA in [false, true] {
            for transposeB in [false, true] {
                // Leading dimensions larger than the rows they hold, to check the strides.
                let lda = (transposeA ? m : k) + 2, ldb = (transposeB ? k : n) + 1, ldc = n + 3
                let a = values((transposeA ? k : m) * lda, seed: 1), b = values((transposeB ? n : k) * ldb, seed: 2)
                let c0 = values(m * ldc, seed: 3)
                var exact = c0
                ReferenceKernels.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 0.5,
                                      a: a, lda: lda, b: b, ldb: ldb, beta: 0.25, c: &exact, ldc: ldc)
                var result = c0.map { T($0) }
                T.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 0.5, a: a.map { T($0) },
                       lda: lda, b: b.map { T($0) }, ldb: ldb, beta: 0.25, c: &result, ldc: ldc)
                for (x, y) in zip(result, exact) { #expect(abs(Double(x) - y) <= tolerance, "gemm \(transposeA) \(transposeB)") }
            }
        }
        let a = values(m * (n + 1), seed: 4)
        for transpose in [false, true] {
            let x = values(transpose ? m : n, seed: 5), y0 = values(transpose ? n : m, seed: 6)
            var exact = y0
            ReferenceKernels.gemv(transpose: transpose, m: m, n: n, alpha: 2, a: a, lda: n + 1, x: x, beta: -1, y: &exact)
            var result = y0.map { T($0) }
            T.gemv(transpose: transpose, m: m, n: n, alpha: 2, a: a.map { T($0) }, lda: n + 1, x: x.map { T($0) },
                   beta: -1, y: &result)
            for (u, v) in zip(result, exact) { #expect(abs(Double(u) - v) <= tolerance, "gemv \(transpose)") }
        }
        let y = values(n, seed: 8)

        var sum = y.map { T($0) }
        T.axpy(count: n, alpha: -3, x: values(n, seed: 9).map { T($0) }, y: &sum)
        for (i, u) in sum.enumerated() { #expect(abs(Double(u) - (y[i] - 3 * values(n, seed: 9)[i])) <= tolerance, "axpy") }
        let dot = T.dot(count: n, x: y.map { T($0) }, y: values(n, seed: 9).map { T($0) })
        #expect(abs(Double(dot) - zip(y, values(n, seed: 9)).reduce(0) { $0 + $1.0 * $1.1 }) <= tolerance, "dot")
    }

    @Test func floatWrappersMatchTheReference() { Self.check(Float.self, tolerance: 1e-5) }
    @Test func doubleWrappersMatchTheReference() { Self.check(Double.self, tolerance: 1e-13) }
}
