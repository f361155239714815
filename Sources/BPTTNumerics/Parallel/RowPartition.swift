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
            let width = Self.rowWidth(of: tensor.name, hidden: shape.hidden)
            rows.forEachSpan(of: TouchedRows.layout(ofTensor: tensor.name, hidden: shape.hidden), count: count) { span in
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

    /// How a tensor is cut into rows: H wide for the matrices (U, W, V, classV), single entries for the
    /// vectors (b, c, classC), as the clipping norm sums them.
    static func rowWidth(of tensor: String, hidden: Int) -> Int {
        switch tensor {
        case "U", "W", "V", "classV": hidden
        default: 1
        }
    }

    /// Runs `body` for each share on its own worker thread (the calling thread takes one), with the share's index.
    func run(_ body: @Sendable (Int) -> Void) {
        WorkerThreads.run(shares.count, body)
    }
}

/// The base addresses of a parameter set's tensors, in `rnnTensorKeyPaths` order, for worker threads
/// (valid inside `withTensorAddresses` only; each worker writes only its own rows).
struct TensorAddresses: @unchecked Sendable {
    let base: [UnsafeMutablePointer<Float>?]
    subscript(_ piece: RowPartition.Piece) -> UnsafeMutablePointer<Float> { base[piece.tensor]! + piece.start }
}

extension RNNParameters where T == Float {
    /// Calls `body` with the addresses of every tensor (nil for an empty one, e.g. the unused moments of SGD).
    mutating func withTensorAddresses<R>(_ body: (TensorAddresses) -> R) -> R {
        U.withUnsafeMutableBufferPointer { u in
            W.withUnsafeMutableBufferPointer { w in
                b.withUnsafeMutableBufferPointer { bias in
                    V.withUnsafeMutableBufferPointer { v in
                        c.withUnsafeMutableBufferPointer { outputBias in
                            classV.withUnsafeMutableBufferPointer { cv in
                                classC.withUnsafeMutableBufferPointer { cc in
                                    body(TensorAddresses(base: [u.baseAddress, w.baseAddress, bias.baseAddress, v.baseAddress,
                                                                outputBias.baseAddress, cv.baseAddress, cc.baseAddress]))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension RNNParameters where T == Float {
    /// The same, for reading only (the addresses are typed mutable to share one type; nothing writes them).
    func withReadOnlyTensorAddresses<R>(_ body: (TensorAddresses) -> R) -> R {
        func address(_ buffer: UnsafeBufferPointer<Float>) -> UnsafeMutablePointer<Float>? {
            buffer.baseAddress.map { UnsafeMutablePointer(mutating: $0) }
        }
        return U.withUnsafeBufferPointer { u in
            W.withUnsafeBufferPointer { w in
                b.withUnsafeBufferPointer { bias in
                    V.withUnsafeBufferPointer { v in
                        c.withUnsafeBufferPointer { outputBias in
                            classV.withUnsafeBufferPointer { cv in
                                classC.withUnsafeBufferPointer { cc in
                                    body(TensorAddresses(base: [address(u), address(w), address(bias), address(v),
                                                                address(outputBias), address(cv), address(cc)]))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Zeroes the rows `rows` lists (and the dense tensors) on up to `threads` worker threads.
    public mutating func zero(rows: TouchedRows, threads: Int) {
        let partition = RowPartition(rows: rows, shape: shape, threads: threads)
        withTensorAddresses { tensors in
            partition.run { share in
                for piece in partition.shares[share] { tensors[piece].zeroFill(count: piece.count) }
            }
        }
    }
}
