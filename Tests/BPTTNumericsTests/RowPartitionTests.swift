import Testing
@testable import BPTTNumerics

/// The row passes split across worker threads (`RowPartition`): every touched element once, whole
/// rows, in order, balanced; and the optimizer, the clipping norm and the zeroing give the same bits
/// on 1, 2 and 3 threads.
@Suite struct RowPartitionTests {
    /// 2000 words in 40 classes at H = 32: large enough (U and V 64k values each) to be split.
    static let shape = RNNShape(vocabulary: 2000, hidden: 32,
                                classes: WordClasses(counts: (0..<2000).map { 4000 / ($0 + 1) + 1 }, classes: 40, binning: .frequency))

    /// Some input rows and some classes' slots, as one update touches them.
    static var rows: TouchedRows {
        let starts = shape.classes!.starts
        return TouchedRows(input: [3..<4, 10..<60, 70..<71, 500..<900, 1999..<2000],
                           output: [starts[0]..<starts[3], starts[7]..<starts[8], starts[20]..<starts[40]])
    }

    @Test(arguments: [1, 2, 3, 7])
    func sharesCoverTheTouchedRowsOnceInOrder(threads: Int) {
        let partition = RowPartition(rows: Self.rows, shape: Self.shape, threads: threads, minimumShare: 1000)
        let single = RowPartition(rows: Self.rows, shape: Self.shape, threads: 1)
        #expect(partition.shares.count == threads)
        // Concatenated and merged, the shares are the one-thread list of spans.
        var merged: [RowPartition.Piece] = []
        for piece in partition.shares.joined() {
            if let last = merged.last, last.tensor == piece.tensor, last.start + last.count == piece.start {
                merged[merged.count - 1].rows += piece.rows
            } else {
                merged.append(piece)
            }
        }
        #expect(merged == single.shares[0])
        #expect(partition.rowCount == single.rowCount)
        // Balanced to within a row of H values.
        let sizes = partition.shares.map { $0.reduce(0) { $0 + $1.count } }
        let total = sizes.reduce(0, +)
        for size in sizes { #expect(abs(size - total / threads) <= Self.shape.hidden + threads, "\(sizes)") }
    }

    @Test func smallUpdatesStayOnOneThread() {
        let tiny = RNNShape(vocabulary: 20, hidden: 4)
        #expect(RowPartition(rows: .all(tiny), shape: tiny, threads: 2).shares.count == 1)
    }

    static func random(seed: UInt64, scale: Float = 1) -> RNNParameters<Float> {
        var p = RNNParameters<Float>(shape: shape, seed: seed)
        for (_, path) in rnnTensorKeyPaths { p[keyPath: path] = p[keyPath: path].map { $0 * scale } }
        return p
    }

    @Test(arguments: OptimizerKind.allCases)
    func rowPassesGiveTheSameBitsOnAnyThreadCount(kind: OptimizerKind) {
        var results: [(RNNParameters<Float>, Optimizer, RNNParameters<Float>, ClipReport, RNNParameters<Float>)] = []
        for threads in [1, 2, 3] {
            var params = Self.random(seed: 1)
            var grads = Self.random(seed: 2, scale: 40)
            var optimizer = Optimizer(settings: OptimizerSettings(kind: kind, learningRate: 0.01, l2: 1e-4), shape: Self.shape)
            var backup = RNNParameters<Float>.zeros(shape: Self.shape)
            var clip = ClipReport(norm: 0, rescaled: false, elementsCut: 0)
            for _ in 0..<3 {
                clip = GradientClipping.clip(&grads, rows: Self.rows, scale: 0.5, maxNorm: 5, maxValue: 0, threads: threads)
                optimizer.apply(to: &params, grads: grads, rows: Self.rows, scale: clip.scale, clipScale: clip.clipScale,
                                savingPreviousInto: &backup, threads: threads)
            }
            var zeroed = grads
            zeroed.zero(rows: Self.rows, threads: threads)
            results.append((params, optimizer, backup, clip, zeroed))
        }
        #expect(results[0].3.rescaled, "the clip acts, so its factor is checked too")
        for other in results.dropFirst() {
            #expect(other.0 == results[0].0 && other.1 == results[0].1 && other.2 == results[0].2)
            #expect(other.3 == results[0].3)
            #expect(other.4 == results[0].4)
        }
        // Zeroing cleared exactly the touched rows: an untouched input row keeps its values.
        let h = Self.shape.hidden
        #expect(results[0].4.U[5 * h..<6 * h].contains { $0 != 0 })
        #expect(!results[0].4.U[10 * h..<60 * h].contains { $0 != 0 })
        #expect(!results[0].4.W.contains { $0 != 0 })
    }
}
