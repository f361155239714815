/// An update's passes over the rows it touched (zeroing the gradient, the clipping norm, the optimizer
/// step) cut into shares of about equal size for the worker threads. A share is a list of whole rows
/// of the tensors, in tensor order (`rnnTensorKeyPaths`), so every element is computed exactly as on
/// one thread: the passes give the same bits for any thread count. These passes are memory-bound, and
/// at word level they are most of what an update does besides the products.
struct RowPartition: Sendable {
    /// `rows` rows of width `width` of tensor `tensor` (an index into `rnnTensorKeyPaths`) from element `start`.
    struct Piece: Sendable, Equatable {
        var tensor: Int
        var start: Int
        var rows: Int
        var width: Int
        var count: Int { rows * width }
    }

    /// The shares, one per worker; together every touched row once, in order.
    let shares: [[Piece]]
    /// Rows in all shares (for per-row results such as the clipping sums).
    let rowCount: Int
    /// Where each share's first row falls in that count.
    let firstRow: [Int]

    /// The touched rows of a model of `shape`, cut into at most `threads` shares. Shares below
    /// `minimumShare` elements are not worth a thread's handoff: fewer shares then.
    init(rows: TouchedRows, shape: RNNShape, threads: Int, minimumShare: Int = 1 << 14) {
        var pieces: [Piece] = []
        var total = 0
        for (index, tensor) in rnnTensorKeyPaths.enumerated() {
            let count = RNNParameters<Float>.expectedCount(of: tensor.name, shape: shape) ?? 0
            let width = Self.rowWidth(of: tensor.name, shape: shape)
            rows.forEachSpan(of: TouchedRows.layout(ofTensor: tensor.name, shape: shape), count: count) { span in
                pieces.append(Piece(tensor: index, start: span.lowerBound, rows: span.count / width, width: width))
                total += span.count
            }
        }
        let shareCount = max(1, min(threads, total / max(1, minimumShare)))
        var shares = [[Piece]](repeating: [], count: shareCount)
        var share = 0, done = 0
        for var piece in pieces {
            // Cut a piece at a row boundary where the share's end (share + 1) / shareCount of the total falls.
            while share < shareCount - 1 {
                let end = total * (share + 1) / shareCount
                let fits = (end - done) / piece.width
                guard fits < piece.rows else { break }
                if fits > 0 {
                    shares[share].append(Piece(tensor: piece.tensor, start: piece.start, rows: fits, width: piece.width))
                    piece.start += fits * piece.width
                    piece.rows -= fits
                    done += fits * piece.width
                }
                share += 1
            }
            shares[share].append(piece)
            done += piece.count
        }
        self.shares = shares
        var first: [Int] = []
        var rowCount = 0
        for share in shares {
            first.append(rowCount)
            rowCount += share.reduce(0) { $0 + $1.rows }
        }
        self.firstRow = first
        self.rowCount = rowCount
    }

    /// How a tensor is cut into rows: G·H wide for U, H for the other matrices (W, V, classV), single
    /// entries for the vectors (b, c, classC), as the clipping norm sums them.
    static func rowWidth(of tensor: String, shape: RNNShape) -> Int {
        switch tensor {
        case "U": shape.gateWidth
        case "W", "V", "classV": shape.hidden
        default: 1
        }
    }

    /// Runs `body` for each share on the worker threads and the calling thread (`WorkerThreads`), with the share's index.
    func run(_ body: @Sendable (Int) -> Void) {
        WorkerThreads.run(shares.count, body)
    }
}

extension RowPartition.Piece {
    /// The piece's first element in a parameter set's tensors (`withPointers`/`withMutablePointers`).
    func address(in tensors: ParameterPointers<Float>) -> UnsafePointer<Float> { tensors[tensor: tensor] + start }
    func address(in tensors: MutableParameterPointers<Float>) -> UnsafeMutablePointer<Float> { tensors[tensor: tensor] + start }
}

extension RNNParameters where T == Float {
    /// Zeroes the rows `rows` lists (and the dense tensors) on up to `threads` worker threads.
    public mutating func zero(rows: TouchedRows, threads: Int) {
        let partition = RowPartition(rows: rows, shape: shape, threads: threads)
        withMutablePointers { tensors in
            partition.run { share in
                for piece in partition.shares[share] { piece.address(in: tensors).zeroFill(count: piece.count) }
            }
        }
    }
}
