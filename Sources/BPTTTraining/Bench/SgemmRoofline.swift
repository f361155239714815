import BPTTNumerics

/// The machine's single-call sgemm rate on a large square product: the roofline for table 2.
public enum SgemmRoofline {
    public static func measureGFLOPS(size n: Int, runs: Int, seconds: Double) -> Double {
        var generator = SeededGenerator(seed: 7)
        let a = (0..<(n * n)).map { _ in Float(generator.nextSymmetric(1)) }
        let b = (0..<(n * n)).map { _ in Float(generator.nextSymmetric(1)) }
        var c = [Float](repeating: 0, count: n * n)
        let time = NumericsEnvironment.withFlushToZero {
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        Stopwatch.bestSeconds(runs: runs, seconds: seconds) {
                            Float.gemm(transposeA: false, transposeB: false, m: n, n: n, k: n, alpha: 1,
                                       a: a.baseAddress!, lda: n, b: b.baseAddress!, ldb: n, beta: 0,
                                       c: c.baseAddress!, ldc: n)
                        }
                    }
                }
            }
        }
        return 2 * Double(n) * Double(n) * Double(n) / time / 1e9
    }
}
