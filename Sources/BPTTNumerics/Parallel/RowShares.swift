extension RNNWorkspace {
    /// Runs `body` for each share of `count` rows on the workspace's row threads (`rowThreads`; as
    /// many shares as give each at least `minimumRows` rows), with the share's index and rows. The
    /// calling thread runs shares too (all of them when the workers get no core). Products split by
    /// rows give each row the bits it has on one thread (every row is computed alone, in the same
    /// order). Returns the number of shares.
    @discardableResult
    func forEachRowShare(of count: Int, minimumRows: Int = 4,
                         _ body: @Sendable (_ share: Int, _ rows: Range<Int>) -> Void) -> Int {
        let shares = max(1, min(rowThreads, count / max(1, minimumRows)))
        if shares == 1 {
            body(0, 0..<count)
        } else {
            WorkerThreads.run(shares) { share in body(share, count * share / shares..<count * (share + 1) / shares) }
        }
        return shares
    }

    /// The `gemmTransposedA` scratch of a share (each worker needs its own).
    func productScratch(ofShare share: Int) -> UnsafeMutablePointer<T> {
        share == 0 ? productScratch : shareScratch[share - 1]
    }
}
