import Dispatch
import Synchronization
import Testing
@testable import BPTTNumerics

/// The worker pool behind `WorkerThreads.run`: each index exactly once per run, run after run; runs
/// it cannot take (nested, concurrent, wider than the pool) still complete, through Dispatch; the
/// workers compute with flush-to-zero on.
@Suite struct WorkerThreadsTests {
    /// Counts of each index's calls, written by the workers.
    final class Tally: @unchecked Sendable {
        let counts: UnsafeMutablePointer<Int>
        let size: Int
        init(size: Int) {
            self.size = size
            counts = .allocate(capacity: size)
            counts.initialize(repeating: 0, count: size)
        }
        deinit { counts.deallocate() }
        var all: [Int] { Array(UnsafeBufferPointer(start: counts, count: size)) }
    }

    @Test func everyIndexRunsOnceInEveryRun() {
        let width = max(2, WorkerThreads.pooledWorkers + 1)
        let tally = Tally(size: width)
        for _ in 0..<2000 {
            WorkerThreads.run(width) { index in tally.counts[index] += 1 }
        }
        #expect(tally.all == [Int](repeating: 2000, count: width))
    }

    @Test func runsThePoolCannotTakeStillComplete() {
        // Wider than the pool.
        let wide = Tally(size: WorkerThreads.pooledWorkers + 5)
        WorkerThreads.run(wide.size) { index in wide.counts[index] += 1 }
        #expect(wide.all == [Int](repeating: 1, count: wide.size))
        // Nested: the inner run finds the pool busy.
        let outer = Tally(size: 2), inner = Tally(size: 4)
        WorkerThreads.run(2) { i in
            outer.counts[i] += 1
            WorkerThreads.run(2) { j in inner.counts[i * 2 + j] += 1 }
        }
        #expect(outer.all == [1, 1] && inner.all == [1, 1, 1, 1])
        // Concurrent callers (as a study's trainers on Dispatch threads).
        let concurrent = Tally(size: 8 * 2)
        DispatchQueue.concurrentPerform(iterations: 8) { caller in
            for _ in 0..<200 { WorkerThreads.run(2) { i in concurrent.counts[caller * 2 + i] += 1 } }
        }
        #expect(concurrent.all == [Int](repeating: 200, count: 16))
    }

    @Test func workersComputeWithFlushToZero() {
        let flags = Mutex<[Bool]>([])
        WorkerThreads.run(2) { _ in
            let on = NumericsEnvironment.flushToZeroEnabled
            flags.withLock { $0.append(on) }
        }
        #expect(flags.withLock { $0 } == [true, true])
    }
}
