import CKernels
import Dispatch

/// Runs one closure per shard on worker threads and waits for all of them (the calling thread takes
/// shards too: each goes to whichever thread is free first). The workers are the shared pool of
/// persistent threads (`bptt_pool_run_on`: they spin between the pieces of an update, so handing one
/// over costs a microsecond, not the tens that waking a Dispatch thread costs here); a run the pool
/// cannot take (another is in progress, e.g. trainers of a study on Dispatch's threads, or more
/// threads than cores) goes to Dispatch. Every worker has flush-to-zero/denormals-are-zero on: the
/// setting is per thread, and subnormal errors in long backward sweeps cost ~100x each.
public enum WorkerThreads {
    /// `body(i)` for each i in 0..<count, on `threads` threads (default: one per index). With more
    /// indices than threads, each thread takes the next index when it finishes one, so pieces of
    /// uneven cost even out; an index's work must not depend on the thread that runs it.
    public static func run(_ count: Int, threads: Int? = nil, _ body: @Sendable (Int) -> Void) {
        let threads = max(1, min(count, threads ?? count))
        if threads == 1 {
            NumericsEnvironment.withFlushToZero { for index in 0..<count { body(index) } }
            return
        }
        let pooled = withoutActuallyEscaping(body) { escapable in
            // The pool returns only when every index is done, so the closure does not outlive this call.
            var job = PoolJob(body: escapable)
            return withUnsafeMutablePointer(to: &job) { pointer in
                NumericsEnvironment.withFlushToZero {
                    bptt_pool_run_on(Int32(count), Int32(threads), { context, index in
                        context!.assumingMemoryBound(to: PoolJob.self).pointee.body(Int(index))
                    }, pointer) == 1
                }
            }
        }
        if pooled { return }
        // Dispatch's threads, each taking every threads-th index.
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            NumericsEnvironment.withFlushToZero {
                for index in stride(from: thread, to: count, by: threads) { body(index) }
            }
        }
    }

    /// Worker threads in the pool (the machine's cores minus the calling thread's).
    public static var pooledWorkers: Int { Int(bptt_pool_workers()) }
}

/// The closure a pool run calls, behind the C context pointer.
private struct PoolJob {
    let body: @Sendable (Int) -> Void
}
