import CKernels

/// What clipping found and did to one update's gradients.
public struct ClipReport: Sendable, Equatable {
    /// Global L2 norm of all gradients (times `scale`) before clipping.
    public var norm: Double
    /// Whether the global-norm rule rescaled the gradients.
    public var rescaled: Bool
    /// Number of entries cut by the elementwise rule.
    public var elementsCut: Int
    /// Name of the first tensor holding a NaN or an infinity, if any (then nothing was changed).
    public var nonFiniteTensor: String?
    /// The gradient to apply is (stored gradient × `scale`) × `clipScale`, in that order (the
    /// optimizer multiplies as it goes, so the gradients are not rewritten). `scale` is 1 when the
    /// elementwise rule already applied it in place; `clipScale` is 1 unless `rescaled`.
    public var scale: Float = 1
    public var clipScale: Float = 1
}

/// Σ dV² of V's gradient rows as the class output layer left them (`ClassLayerBuffers.wordRowSums`),
/// for the rows of the classes it marks ready: the clipping norm copies those instead of reading the
/// rows again (the same kernel on the same values: the same bits). Valid only until the gradient's V
/// rows change.
public struct OutputRowSums: @unchecked Sendable {
    let sums: UnsafePointer<Double>
    let ready: UnsafePointer<Bool>
    let classOfSlot: UnsafePointer<Int32>

    func sum(ofSlot slot: Int) -> Double? {
        ready[Int(classOfSlot[slot])] ? sums[slot] : nil
    }
}

public enum GradientClipping {
    /// Measures and clips the gradient `scale` × grads (e.g. scale = 1/B for the mean over B streams)
    /// over the rows `rows` lists (untouched rows are zero and add exactly nothing): first each entry
    /// to [-maxValue, maxValue] when maxValue > 0 (rnnlm's gradient cutoff; it rewrites the touched
    /// entries as scale × g, cut), then the whole to global norm maxNorm when maxNorm > 0 (through
    /// `clipScale`, applied by the optimizer). A non-finite gradient is reported and nothing changed,
    /// so the caller can refuse the update.
    ///
    /// The norm is summed row by row in Float64 (`bptt_sum_squares_rows_f32`, rows of width H (U: G·H) for
    /// the matrices, single entries for the vectors) in tensor order U, W, b, V, c, classV, classC,
    /// so a sparse update's norm has the same bits as the dense one over every row. The rows' sums
    /// are computed on up to `threads` worker threads and added in that order on this one: the same
    /// bits for every thread count.
    /// `outputRowSums`, when given, are the V rows' sums the output layer took as it made them.
    public static func clip(_ grads: inout RNNParameters<Float>, rows: TouchedRows, scale: Float = 1,
                            maxNorm: Double, maxValue: Double, threads: Int = 1,
                            outputRowSums: OutputRowSums? = nil) -> ClipReport {
        var report = ClipReport(norm: 0, rescaled: false, elementsCut: 0, nonFiniteTensor: nil, scale: scale, clipScale: 1)
        let shape = grads.shape
        let partition = RowPartition(rows: rows, shape: grads.shape, threads: threads)
        var sumSquares = 0.0
        let sums = tensorSums(grads, partition, outputRowSums: outputRowSums)
        for (index, (name, _)) in rnnTensorKeyPaths.enumerated() {
            let tensorSum = sums[index]
            if !tensorSum.isFinite {
                report.nonFiniteTensor = name
                report.norm = .infinity
                return report
            }
            sumSquares += tensorSum
        }
        // Powers of two (B = 16, 32, ...) scale the norm exactly.
        report.norm = sumSquares.squareRoot() * Double(scale)
        var normAfterCut = report.norm
        if maxValue > 0 {
            let cut = Float(maxValue)
            var cutCount = 0
            sumSquares = 0
            for (name, path) in rnnTensorKeyPaths {
                let layout = TouchedRows.layout(ofTensor: name, shape: shape)
                grads[keyPath: path].withUnsafeMutableBufferPointer { g in
                    rows.forEachSpan(of: layout, count: g.count) { span in
                        for i in span {
                            var x = g[i] * scale
                            if x > cut { x = cut; cutCount += 1 } else if x < -cut { x = -cut; cutCount += 1 }
                            g[i] = x
                        }
                    }
                }
            }
            sumSquares = tensorSums(grads, partition).reduce(0, +)
            report.elementsCut = cutCount
            report.scale = 1
            normAfterCut = sumSquares.squareRoot()
        }
        if maxNorm > 0 && normAfterCut > maxNorm {
            report.clipScale = Float(maxNorm / normAfterCut)
            report.rescaled = true
        }
        return report
    }

    /// The dense form: clips every row of `grads` in place (the rescaling applied too).
    public static func clip(_ grads: inout RNNParameters<Float>, maxNorm: Double, maxValue: Double) -> ClipReport {
        let report = clip(&grads, rows: .all(grads.shape), maxNorm: maxNorm, maxValue: maxValue)
        if report.rescaled { scale(&grads, by: report.clipScale) }
        return report
    }

    /// Σ g² over each tensor's touched rows (in `rnnTensorKeyPaths` order): every row's sum on the
    /// workers, then each tensor's added up row by row in order, as `bptt_sum_squares_rows_f32` chains them.
    static func tensorSums(_ grads: RNNParameters<Float>, _ partition: RowPartition,
                           outputRowSums: OutputRowSums? = nil) -> [Double] {
        let rowSums = UnsafeMutablePointer<Double>.allocate(capacity: max(1, partition.rowCount))
        defer { rowSums.deallocate() }
        let sums = SharedSums(pointer: rowSums)
        grads.withPointers { g in
            partition.run { share in
                var row = partition.firstRow[share]
                for piece in partition.shares[share] {
                    if let outputRowSums, piece.tensor == outputTensor {
                        // Copy the rows the output layer summed; sum the others here.
                        let firstSlot = piece.start / piece.width
                        for r in 0..<piece.rows {
                            if let sum = outputRowSums.sum(ofSlot: firstSlot + r) {
                                sums.pointer[row + r] = sum
                            } else {
                                bptt_row_sums_squares_f32(piece.address(in: g) + r * piece.width, 1, piece.width, sums.pointer + row + r)
                            }
                        }
                    } else {
                        bptt_row_sums_squares_f32(piece.address(in: g), piece.rows, piece.width, sums.pointer + row)
                    }
                    row += piece.rows
                }
            }
        }
        var totals = [Double](repeating: 0, count: rnnTensorKeyPaths.count)
        var row = 0
        for share in partition.shares {
            for piece in share {
                for r in row..<row + piece.rows { totals[piece.tensor] += rowSums[r] }
                row += piece.rows
            }
        }
        return totals
    }

    /// V's index in `rnnTensorKeyPaths`.
    private static let outputTensor = rnnTensorKeyPaths.firstIndex { $0.name == "V" }!

    /// The per-row sums buffer, written by the workers at disjoint rows.
    private struct SharedSums: @unchecked Sendable { let pointer: UnsafeMutablePointer<Double> }

    /// Multiplies every gradient by `factor` (e.g. 1/B to average over parallel streams).
    public static func scale(_ grads: inout RNNParameters<Float>, by factor: Float) {
        for (_, path) in rnnTensorKeyPaths {
            grads[keyPath: path].withUnsafeMutableBufferPointer { g in
                for i in 0..<g.count { g[i] *= factor }
            }
        }
    }
}
