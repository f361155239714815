import Testing
@testable import BPTTNumerics

/// The gated cells' Float32 kernels (cells.c) against their Float64 references, element by element,
/// at a width that is not a multiple of the vector width (so both the vector loop and its tail run).
struct CellKernelTests {
    static let rows = 5, h = 19, vocabulary = 4
    static let indices: [Int32] = [3, 0, 2, 3, 1]

    static func expectClose(_ fast: [Float], _ exact: [Double], _ what: String, tolerance: Double = 3e-6) {
        #expect(fast.count == exact.count)
        let worst = zip(fast, exact).map { abs(Double($0) - $1) / max(1, abs($1)) }.max() ?? 0
        #expect(worst <= tolerance, "\(what): worst error \(worst)")
    }

    @Test func lstmStepsMatchTheReference() {
        let (rows, h) = (Self.rows, Self.h)
        let cache = KernelTests.randomFloats(rows * 5 * h, seed: 1, scale: 3)
        let table = KernelTests.randomFloats(Self.vocabulary * 4 * h, seed: 2)
        let bias = KernelTests.randomFloats(4 * h, seed: 3)
        let previousCell = KernelTests.randomFloats(rows * h, seed: 4, scale: 2)
        var fastCache = cache, fastCell = [Float](repeating: 0, count: rows * h), fastState = fastCell
        Float.lstmForward(cache: &fastCache, table: table, indices: Self.indices, bias: bias, previousCell: previousCell,
                          cell: &fastCell, state: &fastState, rows: rows, width: h)
        var exactCache = KernelTests.reference(cache), exactCell = [Double](repeating: 0, count: rows * h), exactState = exactCell
        ReferenceKernels.lstmForward(cache: &exactCache, table: KernelTests.reference(table), indices: Self.indices,
                                     bias: KernelTests.reference(bias), previousCell: KernelTests.reference(previousCell),
                                     cell: &exactCell, state: &exactState, rows: rows, width: h)
        Self.expectClose(fastCache, exactCache, "lstm cache")
        Self.expectClose(fastCell, exactCell, "lstm c")
        Self.expectClose(fastState, exactState, "lstm h")

        let gradient = KernelTests.randomFloats(rows * h, seed: 5)
        let carried = KernelTests.randomFloats(rows * h, seed: 6)
        for withCarry in [false, true] {
            var deltas = [Float](repeating: 0, count: rows * 4 * h), total = [Float](repeating: 0, count: rows * h), out = total
            withOptionalPointer(withCarry ? carried : nil) { carry in
                Float.lstmBackward(gradient: gradient, carried: carry, cache: fastCache, previousCell: previousCell,
                                   deltas: &deltas, cellTotal: &total, carryOut: &out, rows: rows, width: h)
            }
            var exactDeltas = [Double](repeating: 0, count: rows * 4 * h), exactTotal = [Double](repeating: 0, count: rows * h)
            var exactOut = exactTotal
            withOptionalPointer(withCarry ? KernelTests.reference(carried) : nil) { carry in
                ReferenceKernels.lstmBackward(gradient: KernelTests.reference(gradient), carried: carry,
                                              cache: KernelTests.reference(fastCache),
                                              previousCell: KernelTests.reference(previousCell), deltas: &exactDeltas,
                                              cellTotal: &exactTotal, carryOut: &exactOut, rows: rows, width: h)
            }
            Self.expectClose(deltas, exactDeltas, "lstm deltas carry=\(withCarry)")
            Self.expectClose(total, exactTotal, "lstm dE/dc carry=\(withCarry)")
            Self.expectClose(out, exactOut, "lstm carry out carry=\(withCarry)")
        }
    }

    @Test func gruStepsMatchTheReference() {
        let (rows, h) = (Self.rows, Self.h)
        let cache = KernelTests.randomFloats(rows * 4 * h, seed: 11, scale: 3)
        let table = KernelTests.randomFloats(Self.vocabulary * 3 * h, seed: 12)
        let bias = KernelTests.randomFloats(3 * h, seed: 13)
        let previous = KernelTests.randomFloats(rows * h, seed: 14)
        var fastCache = cache, fastState = [Float](repeating: 0, count: rows * h)
        Float.gruForward(cache: &fastCache, table: table, indices: Self.indices, bias: bias, previous: previous,
                         state: &fastState, rows: rows, width: h)
        var exactCache = KernelTests.reference(cache), exactState = [Double](repeating: 0, count: rows * h)
        ReferenceKernels.gruForward(cache: &exactCache, table: KernelTests.reference(table), indices: Self.indices,
                                    bias: KernelTests.reference(bias), previous: KernelTests.reference(previous),
                                    state: &exactState, rows: rows, width: h)
        Self.expectClose(fastCache, exactCache, "gru cache")
        Self.expectClose(fastState, exactState, "gru h")

        let gradient = KernelTests.randomFloats(rows * h, seed: 15)
        var deltas = [Float](repeating: 0, count: rows * 3 * h), recurrent = deltas
        Float.gruBackward(gradient: gradient, cache: fastCache, previous: previous, deltas: &deltas,
                          recurrentDeltas: &recurrent, rows: rows, width: h)
        var exactDeltas = [Double](repeating: 0, count: rows * 3 * h), exactRecurrent = exactDeltas
        ReferenceKernels.gruBackward(gradient: KernelTests.reference(gradient), cache: KernelTests.reference(fastCache),
                                     previous: KernelTests.reference(previous), deltas: &exactDeltas,
                                     recurrentDeltas: &exactRecurrent, rows: rows, width: h)
        Self.expectClose(deltas, exactDeltas, "gru deltas")
        Self.expectClose(recurrent, exactRecurrent, "gru recurrent deltas")

        // The direct path, with an addend and in place (next = gradient).
        let addend = KernelTests.randomFloats(rows * h, seed: 16)
        var next = [Float](repeating: 0, count: rows * h)
        Float.gruDirect(gradient: gradient, cache: fastCache, addend: addend, into: &next, rows: rows, width: h)
        var inPlace = gradient
        inPlace.withUnsafeMutableBufferPointer { buffer in
            Float.gruDirect(gradient: buffer.baseAddress!, cache: fastCache, addend: nil, into: buffer.baseAddress!, rows: rows,
                            width: h)
        }
        for r in 0..<rows {
            for i in 0..<h {
                let z = Double(fastCache[r * 4 * h + i]), g = Double(gradient[r * h + i])
                #expect(abs(Double(next[r * h + i]) - (Double(addend[r * h + i]) + z * g)) <= 1e-6)
                #expect(abs(Double(inPlace[r * h + i]) - z * g) <= 1e-6)
            }
        }
    }
}
