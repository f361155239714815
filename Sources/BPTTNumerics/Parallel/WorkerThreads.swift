import Dispatch

/// Runs one closure per shard on worker threads and waits for all of them (the calling thread takes a
/// share too). Every worker turns flush-to-zero/denormals-are-zero on for its own duration: the
/// setting is per thread, and subnormal errors in long backward sweeps cost ~100x each.
public enum WorkerThreads {
    public static func run(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 {
            NumericsEnvironment.withFlushToZero { body(0) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: count) { shard in
            NumericsEnvironment.withFlushToZero { body(shard) }
        }
    }
}
