import CKernels
import CKernelsTestSupport
import Foundation
import Testing
@testable import BPTTNumerics

/// The Float32 CKernels against the plain Float64 references in ReferenceKernels.
struct KernelTests {
    static func randomFloats(_ count: Int, seed: UInt64, scale: Double = 1) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(generator.nextSymmetric(scale)) }
    }

    static func reference(_ values: [Float]) -> [Double] { values.map(Double.init) }

    @Test func tanhIsWithinOneMillionthEverywhereAndHandlesSpecialValues() {
        // Dense sweep over [-20, 20] plus tiny, subnormal, huge and infinite inputs.
        var inputs = stride(from: -20.0, through: 20.0, by: 1e-3).map { Float($0) }
        inputs += [0, -0.0, 1e-30, -1e-30, Float.leastNonzeroMagnitude, -Float.leastNormalMagnitude / 3,
                   3e-4, 4e-4, 5e-4, 7.9, 7.91, 1e30, -1e30, .greatestFiniteMagnitude, .infinity, -.infinity]
        var output = [Float](repeating: 0, count: inputs.count)
        bptt_tanh_f32(inputs, &output, inputs.count)
        var worst = 0.0
        for (x, y) in zip(inputs, output) {
            worst = max(worst, abs(Double(y) - Foundation.tanh(Double(x))))
            #expect(abs(y) <= 1, "tanh(\(x)) = \(y) leaves [-1, 1]")
        }
        #expect(worst <= 1e-6, "max |error| \(worst)")
        // Odd symmetry and exact zero.
        #expect(output[inputs.firstIndex(of: 0)!] == 0)
        var nan: [Float] = [.nan]
        bptt_tanh_f32(nan, &nan, 1)
        #expect(nan[0].isNaN, "NaN must propagate")
    }

    @Test func expHasRelativeErrorBelowTwoTenMillionths() {
        let inputs = stride(from: -87.0, through: 88.0, by: 1e-3).map { Float($0) }
        var output = [Float](repeating: 0, count: inputs.count)
        bptt_exp_f32(inputs, &output, inputs.count)
        var worst = 0.0
        for (x, y) in zip(inputs, output) {
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(y) - exact) / exact)
        }
        #expect(worst <= 2e-7, "max relative error \(worst)")
    }

    @Test func gatherBiasTanhAndBiasTanhMatchTheReference() {
        let rows = 7, width = 13, vocabulary = 5
        let pre = Self.randomFloats(rows * width, seed: 1, scale: 3)
        let table = Self.randomFloats(vocabulary * width, seed: 2)
        let bias = Self.randomFloats(width, seed: 3)
        let indices: [Int32] = [4, 0, 0, 3, 1, 4, 2]
        var fast = pre
        fast.withUnsafeMutableBufferPointer { y in
            Float.gatherBiasTanh(y.baseAddress!, table: table, indices: indices, bias: bias, rows: rows, width: width)
        }
        var exact = Self.reference(pre)
        ReferenceKernels.gatherBiasTanh(&exact, table: Self.reference(table), indices: indices, bias: Self.reference(bias),
                                        rows: rows, width: width)
        for (a, b) in zip(fast, exact) { #expect(abs(Double(a) - b) <= 2e-6) }

        var biased = pre
        bptt_bias_tanh_f32(&biased, bias, rows, width)
        var biasedExact = Self.reference(pre)
        ReferenceKernels.biasTanh(&biasedExact, bias: Self.reference(bias), rows: rows, width: width)
        for (a, b) in zip(biased, biasedExact) { #expect(abs(Double(a) - b) <= 2e-6) }
    }

    @Test func tanhBackwardMatchesTheReference() {
        let gradient = Self.randomFloats(300, seed: 4, scale: 5)
        let state = Self.randomFloats(300, seed: 5)
        var delta = [Float](repeating: 0, count: 300)
        Float.tanhBackward(gradient: gradient, state: state, delta: &delta, count: 300)
        var exact = [Double](repeating: 0, count: 300)
        ReferenceKernels.tanhBackward(gradient: Self.reference(gradient), state: Self.reference(state), delta: &exact, count: 300)
        for (a, b) in zip(delta, exact) { #expect(abs(Double(a) - b) <= 1e-6 * max(1, abs(b))) }
        // The fused variant: the same deltas plus the mean row norm of the gradient (rows of 30, 7 tail).
        var fused = [Float](repeating: 0, count: 300)
        let norm = Float.tanhBackwardMeasuring(gradient: gradient, state: state, delta: &fused, rows: 10, width: 30)
        #expect(fused == delta)
        let exactNorm = ReferenceKernels.meanRowNorm(Self.reference(gradient), rows: 10, width: 30)
        #expect(abs(norm - exactNorm) <= 1e-6 * exactNorm)
        #expect(Float.tanhBackwardMeasuring(gradient: gradient, state: state, delta: &fused, rows: 0, width: 30) == 0)
    }

    @Test(arguments: [false, true])
    func softmaxCrossEntropyMatchesTheReference(masked: Bool) {
        let rows = 9, width = 37
        var logits = Self.randomFloats(rows * width, seed: 6, scale: 4)
        logits[3] = 80; logits[width + 5] = -80   // far apart logits: log-sum-exp must stay finite
        let bias = Self.randomFloats(width, seed: 7)
        let targets: [Int32] = [0, 5, 36, 3, 3, 17, 1, 2, 30]
        let mask: [Float]? = masked ? [1, 0, 0.5, 1, 0.25, 1, 0, 1, 2] : nil

        var fast = logits
        let loss = fast.withUnsafeMutableBufferPointer { z in
            withOptionalPointer(mask) { Float.softmaxCrossEntropy(z.baseAddress!, bias: bias, targets: targets, mask: $0, rows: rows, width: width) }
        }
        var exact = Self.reference(logits)
        let exactLoss = withOptionalPointer(mask) {
            ReferenceKernels.softmaxCrossEntropy(&exact, bias: Self.reference(bias), targets: targets, mask: $0, rows: rows, width: width)
        }
        #expect(abs(loss - exactLoss) <= 1e-6 * abs(exactLoss))
        for (a, b) in zip(fast, exact) { #expect(abs(Double(a) - b) <= 1e-6) }

        // The gradient from stored probabilities agrees with the reference.
        var exactGradient = [Double](repeating: 0, count: rows * width)
        withOptionalPointer(mask) {
            ReferenceKernels.outputGradient(probabilities: exact, targets: targets, mask: $0, rows: rows, width: width, into: &exactGradient)
        }
        var fromProbabilities = [Float](repeating: 0, count: rows * width)
        withOptionalPointer(mask) {
            Float.outputGradient(probabilities: fast, targets: targets, mask: $0, rows: rows, width: width, into: &fromProbabilities)
        }
        for i in 0..<(rows * width) {
            #expect(abs(Double(fromProbabilities[i]) - exactGradient[i]) <= 2e-6)
        }

        var plain = logits
        bptt_softmax_f32(&plain, bias, rows, width)
        for (a, b) in zip(plain, exact) { #expect(abs(Double(a) - b) <= 1e-6) }
    }

    /// The softmaxes work in chunks of 16 rows with one flat loop of exponentials per chunk: the same
    /// bits as one row at a time (a chunk of one), for widths with and without a vector tail.
    @Test(arguments: [1, 8, 30, 37, 68])
    func softmaxChunksGiveTheBitsOfSingleRows(width: Int) {
        let rows = 37
        let logits = Self.randomFloats(rows * width, seed: 21, scale: 6)
        let bias = Self.randomFloats(width, seed: 22)
        let targets = (0..<rows).map { Int32(($0 * 7) % width) }
        let mask = (0..<rows).map { Float($0 % 3) * 0.5 }
        var together = logits, alone = logits
        let loss = Float.softmaxCrossEntropy(&together, bias: bias, targets: targets, mask: mask, rows: rows, width: width)
        var lossAlone = 0.0
        for r in 0..<rows {
            alone.withUnsafeMutableBufferPointer { z in
                lossAlone += Float.softmaxCrossEntropy(z.baseAddress! + r * width, bias: bias, targets: [targets[r]],
                                                       mask: [mask[r]], rows: 1, width: width)
            }
        }
        #expect(together == alone && loss == lossAlone)
        var plain = logits, plainAlone = logits
        bptt_softmax_f32(&plain, bias, rows, width)
        for r in 0..<rows {
            plainAlone.withUnsafeMutableBufferPointer { bptt_softmax_f32($0.baseAddress! + r * width, bias, 1, width) }
        }
        #expect(plain == plainAlone && plain == together)
    }

    @Test func scatterAddRowsAccumulatesRepeatedIndices() {
        let width = 11
        let source = Self.randomFloats(6 * width, seed: 8)
        let indices: [Int32] = [2, 0, 2, 2, 3, 0]
        var fast = Self.randomFloats(4 * width, seed: 9)
        var exact = Self.reference(fast)
        let start = fast
        Float.scatterAddRows(source, indices: indices, rows: 6, width: width, stride: width, into: &fast)
        ReferenceKernels.scatterAddRows(Self.reference(source), indices: indices, rows: 6, width: width, stride: width,
                                        into: &exact)
        for (a, b) in zip(fast, exact) { #expect(abs(Double(a) - b) <= 1e-6) }

        // In two bands of columns (as the weight gradients' shares do): the same bits as in one call,
        // and nothing written outside a band.
        var banded = start
        source.withUnsafeBufferPointer { src in
            banded.withUnsafeMutableBufferPointer { dst in
                Float.scatterAddRows(src.baseAddress!, indices: indices, rows: 6, width: 4, stride: width, into: dst.baseAddress!)
                Float.scatterAddRows(src.baseAddress! + 4, indices: indices, rows: 6, width: width - 4, stride: width,
                                     into: dst.baseAddress! + 4)
            }
        }
        #expect(banded == fast)
        var band = start
        source.withUnsafeBufferPointer { src in
            band.withUnsafeMutableBufferPointer { dst in
                Float.scatterAddRows(src.baseAddress! + 4, indices: indices, rows: 6, width: 3, stride: width, into: dst.baseAddress! + 4)
            }
        }
        for i in band.indices { #expect(band[i] == ((4..<7).contains(i % width) ? fast[i] : start[i])) }
    }

    @Test(arguments: [1, 7, 8, 9, 256])
    func meanRowNormMatchesTheReference(width: Int) {
        let values = Self.randomFloats(5 * width, seed: 10, scale: 3)
        let fast = Float.meanRowNorm(values, rows: 5, width: width)
        let exact = ReferenceKernels.meanRowNorm(Self.reference(values), rows: 5, width: width)
        #expect(abs(fast - exact) <= 1e-6 * exact)
        #expect(Float.meanRowNorm(values, rows: 0, width: width) == 0)
    }

    struct PackedCase: Sendable, CustomTestStringConvertible {
        var m: Int, n: Int, k: Int
        var testDescription: String { "m=\(m) n=\(n) k=\(k)" }
    }

    static let packedCases = [PackedCase(m: 1, n: 1, k: 1), PackedCase(m: 2, n: 15, k: 7), PackedCase(m: 3, n: 16, k: 64),
                              PackedCase(m: 5, n: 17, k: 9), PackedCase(m: 7, n: 40, k: 33), PackedCase(m: 8, n: 16, k: 16),
                              PackedCase(m: 9, n: 33, k: 5), PackedCase(m: 13, n: 64, k: 20), PackedCase(m: 32, n: 48, k: 48),
                              PackedCase(m: 4, n: 24, k: 3), PackedCase(m: 64, n: 100, k: 100)]

    /// Panels of 16 columns, and a last panel of 8 when at most 8 columns are left (a hidden layer of
    /// 100: 6 x 16 + 8, not 7 x 16). The product cases cover narrow last panels (n = 1, 5, 17, 24, 33, 40, 100).
    @Test func aShortLastPanelIsPackedEightWide() {
        #expect(Float.packedSize(k: 3, n: 100) == (6 * 16 + 8) * 3)
        #expect(Float.packedSize(k: 3, n: 105) == 7 * 16 * 3)
        #expect(Float.packedSize(k: 2, n: 8) == 8 * 2 && Float.packedSize(k: 2, n: 9) == 16 * 2)
        #expect(Float.packedSize(k: 5, n: 0) == 0)
    }

    /// Packed products (both orientations, overwrite and accumulate, strided A and C) against the
    /// reference gemm, for the vectorised, the portable and the Float64 path.
    @Test(arguments: packedCases)
    func packedProductMatchesTheReferenceGemm(_ c: PackedCase) {
        let (m, n, k) = (c.m, c.n, c.k)
        let lda = k + 3, ldc = n + 2
        let a = Self.randomFloats(m * lda, seed: 11)
        let start = Self.randomFloats(m * ldc, seed: 12)
        for transposed in [false, true] {
            // The stored matrix: k x n when not transposed, n x k when transposed (B = M^T).
            let ldb = (transposed ? k : n) + 1
            let stored = Self.randomFloats((transposed ? n : k) * ldb, seed: 13)
            var packed = [Float](repeating: .nan, count: Float.packedSize(k: k, n: n))
            Float.pack(stored, ldb: ldb, transposed: transposed, k: k, n: n, into: &packed)
            var storedDouble = Self.reference(stored)
            var packedDouble = [Double](repeating: .nan, count: Double.packedSize(k: k, n: n))
            Double.pack(&storedDouble, ldb: ldb, transposed: transposed, k: k, n: n, into: &packedDouble)
            for accumulate in [false, true] {
                var exact = Self.reference(start)
                ReferenceKernels.gemm(transposeA: false, transposeB: transposed, m: m, n: n, k: k, alpha: 1,
                                      a: Self.reference(a), lda: lda, b: storedDouble, ldb: ldb,
                                      beta: accumulate ? 1 : 0, c: &exact, ldc: ldc)
                // c = a B, or c = addend + a B with a separate addend, or in place (addend == c).
                var vectorised = start, portable = start, inPlace = start
                withOptionalPointer(accumulate ? start : nil) { addend in
                    Float.gemmPacked(m: m, n: n, k: k, a: a, lda: lda, packed: packed, c: &vectorised, ldc: ldc, addend: addend)
                    bptt_gemm_packed_portable_f32(m, n, k, a, lda, packed, &portable, ldc, addend)
                }
                inPlace.withUnsafeMutableBufferPointer { c in
                    Float.gemmPacked(m: m, n: n, k: k, a: a, lda: lda, packed: packed, c: c.baseAddress!, ldc: ldc,
                                     addend: accumulate ? UnsafePointer(c.baseAddress!) : nil)
                }
                var double = Self.reference(start)
                double.withUnsafeMutableBufferPointer { c in
                    Double.gemmPacked(m: m, n: n, k: k, a: Self.reference(a), lda: lda, packed: packedDouble, c: c.baseAddress!,
                                      ldc: ldc, addend: accumulate ? UnsafePointer(c.baseAddress!) : nil)
                }
                for row in 0..<m {
                    for column in 0..<ldc {
                        let i = row * ldc + column
                        if column < n {
                            #expect(abs(Double(vectorised[i]) - exact[i]) <= 1e-5, "vectorised \(row),\(column)")
                            #expect(abs(Double(portable[i]) - exact[i]) <= 1e-5, "portable \(row),\(column)")
                            #expect(inPlace[i] == vectorised[i], "in place \(row),\(column)")
                            #expect(abs(double[i] - exact[i]) <= 1e-12, "double \(row),\(column)")
                        } else {
                            // Columns past n (the stride padding) are never written.
                            #expect(vectorised[i] == start[i] && portable[i] == start[i] && inPlace[i] == start[i])
                            #expect(double[i] == Double(start[i]))
                        }
                    }
                }
            }
        }
    }
}

extension KernelTests {
    /// c += a^T b (weight-gradient product) against the reference, vectorised and portable, with
    /// row counts that exercise every tile height and k spanning several packing blocks.
    @Test(arguments: [(1, 1, 1), (6, 16, 128), (7, 17, 129), (9, 33, 300), (64, 40, 260), (23, 5, 3), (100, 100, 300)])
    func transposedProductMatchesTheReferenceGemm(_ size: (Int, Int, Int)) {
        let (m, n, k) = size
        let lda = m + 2, ldb = n + 1, ldc = n + 3
        let a = Self.randomFloats(k * lda, seed: 14), b = Self.randomFloats(k * ldb, seed: 15)
        let start = Self.randomFloats(m * ldc, seed: 16)
        var exact = Self.reference(start)
        ReferenceKernels.gemm(transposeA: true, transposeB: false, m: m, n: n, k: k, alpha: 1, a: Self.reference(a), lda: lda,
                              b: Self.reference(b), ldb: ldb, beta: 1, c: &exact, ldc: ldc)
        var scratch = [Float](repeating: .nan, count: Float.transposedAScratchSize(m: m, n: n))
        var vectorised = start, portable = start
        Float.gemmTransposedA(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: &vectorised, ldc: ldc, scratch: &scratch)
        bptt_gemm_tn_portable_f32(m, n, k, a, lda, b, ldb, &portable, ldc, &scratch)
        var double = Self.reference(start)
        var doubleScratch = [Double](repeating: 0, count: Double.transposedAScratchSize(m: m, n: n))
        Double.gemmTransposedA(m: m, n: n, k: k, a: Self.reference(a), lda: lda, b: Self.reference(b), ldb: ldb, c: &double,
                               ldc: ldc, scratch: &doubleScratch)
        for row in 0..<m {
            for column in 0..<ldc {
                let i = row * ldc + column
                if column < n {
                    #expect(abs(Double(vectorised[i]) - exact[i]) <= 1e-4, "vectorised \(row),\(column)")
                    #expect(abs(Double(portable[i]) - exact[i]) <= 1e-4, "portable \(row),\(column)")
                    #expect(abs(double[i] - exact[i]) <= 1e-11)
                } else {
                    #expect(vectorised[i] == start[i] && portable[i] == start[i])
                }
            }
        }
    }

    @Test func normalStepMatchesTheReferenceBitForBit() {
        // Sizes with and without a tail after the groups of four; random signs and magnitudes.
        for n in [1, 3, 4, 7, 64, 67] {
            let a = Self.reference(Self.randomFloats(n * n, seed: UInt64(n), scale: 2))
            let v = Self.reference(Self.randomFloats(n, seed: UInt64(100 + n)))
            var u = [Double](repeating: .nan, count: n), w = u
            var uRef = u, wRef = u
            bptt_normal_step_f64(a, v, &u, &w, n)
            ReferenceKernels.normalStep(a, v, u: &uRef, w: &wRef, n: n)
            #expect(u == uRef && w == wRef, "n \(n)")
            // And it is the product it claims: u = A v within rounding.
            for i in 0..<n {
                let exact = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * v[$1] }
                #expect(abs(u[i] - exact) <= 1e-12 * Double(n), "n \(n) row \(i)")
            }
        }
    }

    /// The word-class products against the plain reference in Float64, over the tile sizes' edges
    /// (rows around the tiles of 2 and 4, words around the tile of 4, widths around the backward's
    /// chunks of 24 and with and without a tail of 8).
    @Test func classBlockKernelsMatchTheReference() {
        for (m, n, h) in [(1, 1, 1), (1, 5, 8), (2, 4, 16), (3, 7, 13), (5, 9, 100), (4, 3, 33), (6, 8, 100), (7, 13, 7),
                          (9, 5, 24), (8, 12, 25), (4, 4, 40), (11, 6, 47), (3, 17, 48), (13, 9, 71), (1, 2, 23)] {
            let seed = UInt64(m * 10_000 + n * 100 + h)
            let s = Self.randomFloats(m * h, seed: seed), v = Self.randomFloats(n * h, seed: seed + 1)
            let dz = Self.randomFloats(m * n, seed: seed + 2), dv0 = Self.randomFloats(n * h, seed: seed + 3)
            var logits = [Float](repeating: .nan, count: m * n), portable = logits
            bptt_class_logits_f32(s, v, &logits, m, n, h)
            bptt_class_logits_portable_f32(s, v, &portable, m, n, h)
            var logitsRef = [Double](repeating: 0, count: m * n)
            ReferenceKernels.classLogits(states: Self.reference(s), words: Self.reference(v), into: &logitsRef,
                                         rows: m, words: n, width: h)
            for (a, b) in zip(logits, logitsRef) { #expect(abs(Double(a) - b) <= 1e-5 * (1 + abs(b)), "logits \(m)x\(n)x\(h)") }
            for (a, b) in zip(portable, logitsRef) { #expect(abs(Double(a) - b) <= 1e-5 * (1 + abs(b)), "portable \(m)x\(n)x\(h)") }

            var dv = dv0, errors = [Float](repeating: .nan, count: m * h)
            bptt_class_backward_f32(dz, s, v, &dv, &errors, m, n, h)
            var dvRef = Self.reference(dv0), errorsRef = [Double](repeating: .nan, count: m * h)
            ReferenceKernels.classBackward(Self.reference(dz), states: Self.reference(s), words: Self.reference(v),
                                           wordGradients: &dvRef, errors: &errorsRef, rows: m, words: n, width: h)
            for (a, b) in zip(dv, dvRef) { #expect(abs(Double(a) - b) <= 1e-5 * (1 + abs(b)), "dv \(m)x\(n)x\(h)") }
            for (a, b) in zip(errors, errorsRef) { #expect(abs(Double(a) - b) <= 1e-5 * (1 + abs(b)), "errors \(m)x\(n)x\(h)") }
            var dvPortable = dv0, errorsPortable = [Float](repeating: .nan, count: m * h)
            bptt_class_backward_portable_f32(dz, s, v, &dvPortable, &errorsPortable, m, n, h)
            for (a, b) in zip(dvPortable, dvRef) { #expect(abs(Double(a) - b) <= 1e-5 * (1 + abs(b)), "portable dv \(m)x\(n)x\(h)") }
            for (a, b) in zip(errorsPortable, errorsRef) {
                #expect(abs(Double(a) - b) <= 1e-5 * (1 + abs(b)), "portable errors \(m)x\(n)x\(h)")
            }
        }
    }

    /// The optimizers' vectorised steps give the bits of the plain Swift reference (with and without
    /// L2 and clipping factors; lengths with and without a vector tail), with and without the undo
    /// log (`backup` gets the weights as they were before the step), clearing the gradient or not.
    @Test(arguments: OptimizerKind.allCases, [(false, false), (true, false), (false, true), (true, true)])
    func optimizerStepsMatchTheReferenceBitForBit(kind: OptimizerKind, flags: (withBackup: Bool, clearing: Bool)) {
        let (withBackup, clearing) = flags
        for (n, l2, clipScale) in [(1, Float(0), Float(1)), (13, 0.01, 0.5), (100, 0, 0.25), (259, 1e-3, 1)] {
            let seed = UInt64(n)
            let g = Self.randomFloats(n, seed: seed, scale: 2)
            var stepGradient = g
            let clear: Int32 = clearing ? 1 : 0
            var p = Self.randomFloats(n, seed: seed + 1), m = Self.randomFloats(n, seed: seed + 2, scale: 0.1)
            var v = Self.randomFloats(n, seed: seed + 3, scale: 0.1).map { $0 * $0 }
            var (pRef, mRef, vRef) = (p, m, v)
            var backup = [Float](repeating: -7, count: n)
            let (scale, lr, eps, b1, b2, stepSize, epsHat): (Float, Float, Float, Float, Float, Float, Float) =
                (0.0625, 0.01, 1e-8, 0.9, 0.999, 0.003, 1e-8)
            backup.withUnsafeMutableBufferPointer { b in
                let out = withBackup ? b.baseAddress : nil
                switch kind {
                case .sgd: bptt_sgd_step_f32(&p, &stepGradient, out, n, scale, clipScale, lr, l2, clear)
                case .adagrad: bptt_adagrad_step_f32(&p, &stepGradient, &v, out, n, scale, clipScale, lr, l2, eps, clear)
                case .adam:
                    bptt_adam_step_f32(&p, &stepGradient, &m, &v, out, n, scale, clipScale, l2, b1, b2, stepSize, epsHat, clear)
                }
            }
            #expect(stepGradient == (clearing ? [Float](repeating: 0, count: n) : g), "\(kind) n \(n): cleared only when asked")
            Optimizer.referenceStep(kind: kind, p: &pRef, g: g, m: &mRef, v: &vRef, scale: scale, clipScale: clipScale,
                                    lr: lr, l2: l2, eps: eps, b1: b1, b2: b2, stepSize: stepSize, epsHat: epsHat)
            #expect(p == pRef && m == mRef && v == vRef, "\(kind) n \(n)")
            #expect(p != Self.randomFloats(n, seed: seed + 1), "\(kind) n \(n): the step moved the weights")
            let expectedBackup = withBackup ? Self.randomFloats(n, seed: seed + 1) : [Float](repeating: -7, count: n)
            #expect(backup == expectedBackup, "\(kind) n \(n): the undo log holds the weights before the step")
        }
    }

    @Test func sumSquaresRowsMatchesTheReferenceBitForBit() {
        // Widths with and without a tail after the groups of eight, rows around the vectorised groups
        // of four; row 1 all zeros when rows > 2.
        for (rows, width) in [(1, 1), (3, 7), (4, 8), (5, 100), (6, 131), (9, 37), (8, 16)] {
            var x = Self.randomFloats(rows * width, seed: UInt64(rows * 1000 + width), scale: 3)
            if rows > 2 { for i in 0..<width { x[width + i] = 0 } }
            let fast = bptt_sum_squares_rows_f32(x, rows, width, 0.5)
            #expect(fast == ReferenceKernels.sumSquaresRows(x, rows: rows, width: width, total: 0.5), "\(rows)x\(width)")
            let exact = x.reduce(0.5) { $0 + Double($1) * Double($1) }
            #expect(abs(fast - exact) <= 1e-12 * exact, "\(rows)x\(width)")
            // Chained over the rows without the zero row: the same bits (sparse clipping relies on it).
            guard rows > 2 else { continue }
            let skipping = x.withUnsafeBufferPointer { buffer -> Double in
                let first = bptt_sum_squares_rows_f32(buffer.baseAddress!, 1, width, 0.5)
                return bptt_sum_squares_rows_f32(buffer.baseAddress! + 2 * width, rows - 2, width, first)
            }
            #expect(skipping == fast, "\(rows)x\(width)")
            // Each row's sum on its own, chained in order afterwards: the same bits (the clipping
            // norm on several threads relies on it).
            var sums = [Double](repeating: -1, count: rows)
            bptt_row_sums_squares_f32(x, rows, width, &sums)
            #expect(sums.reduce(0.5, +) == fast, "\(rows)x\(width)")
            for r in 0..<rows {
                let row = Array(x[r * width..<(r + 1) * width])
                #expect(sums[r] == ReferenceKernels.sumSquaresRows(row, rows: 1, width: width, total: 0), "row \(r)")
            }
        }
    }
}

/// Calls `body` with a pointer to the array's storage, or nil for a nil array.
func withOptionalPointer<E, R>(_ array: [E]?, _ body: (UnsafePointer<E>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress) }
}
