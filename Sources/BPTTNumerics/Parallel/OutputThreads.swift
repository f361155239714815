/// How the worker threads of a class-output model share an update. Splitting the B streams would give
/// each worker a whole-sized gradient and make both read most of V (a block's targets touch most
/// classes), so the memory traffic that dominates such a model doubles. Instead the streams stay
/// together and the word softmaxes are split by classes (`ClassSoftmaxLayer`): each worker reads and
/// writes only its own classes' rows of V, dV and c, and nothing is added up afterwards. The
/// recurrent layer's and the class softmax's products are split by rows (`RNNWorkspace.rowThreads`:
/// the streams for the recurrence, the rows of dW and dclassV for the weight gradients), and the
/// update's row passes by rows of the tensors (`RowPartition`).
enum OutputThreads {
    /// The class layer's workers for `threads` worker threads: all of them for a class model, else 1
    /// (the full softmax splits the streams).
    static func count(shape: RNNShape, threads: Int) -> Int {
        guard let classes = shape.classes, threads > 1 else { return 1 }
        return min(threads, classes.count, ClassLayerBuffers<Float>.maximumThreads)
    }
}

extension RNNWorkspace {
    /// Lets a class model's passes on this workspace (training, or a forward-only evaluation) use up
    /// to `threads` worker threads, split as `OutputThreads` says; a full-softmax workspace stays on one.
    public func useWorkerThreads(_ threads: Int) {
        shareWork(threads: OutputThreads.count(shape: shape, threads: threads))
    }

    /// Shares a class model's update among `threads` workers (see `OutputThreads`).
    func shareWork(threads: Int) {
        classLayer?.threads = threads
        rowThreads = threads
    }
}
