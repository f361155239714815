import Foundation
import Dispatch
import Glibc
import Testing
@testable import BPTTNumerics

/// The worker pool behind `WorkerThreads.run`: each index exactly once per run, run after run; runs
/// it cannot take (nested, concurrent, wider than the pool) still complete, through Dispatch; the
/// caller runs indices the workers have not taken; the workers compute with flush-to-zero on.
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

    /// What the indices record, behind a pthread mutex (which ThreadSanitizer sees; it does not see
    /// Synchronization.Mutex's futex, and reports the guarded writes as races).
    final class Log<Value: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Value
        init(_ value: Value) { self.value = value }
        func withLock<R>(_ body: (inout Value) -> R) -> R {
            lock.lock()
            defer { lock.unlock() }
            return body(&value)
        }
    }

    @Test func everyIndexRunsOnceInEveryRun() {
        let width = max(2, WorkerThreads.pooledWorkers + 1)
        let tally = Tally(size: width)
        for _ in 0..<2000 {
            WorkerThreads.run(width) { index in tally.counts[index] += 1 }
        }
        #expect(tally.all == [Int](repeating: 2000, count: width))
    }

    /// Indices are claimed, not assigned: with its workers asleep (idle for a while, so waking them
    /// takes a futex round trip), the caller has usually run every index of a tiny run before a
    /// worker gets to one. On a loaded machine this is what keeps 2 threads from waiting on a worker
    /// that has no core. (Tried up to 20 times: a worker can win the race now and then.)
    @Test(.enabled(if: WorkerThreads.pooledWorkers > 0))
    func theCallerRunsIndicesNoWorkerHasTaken() throws {
        let caller = pthread_self()
        let ranOnCaller = Log([false, false])
        var callerRanAll = false
        for _ in 0..<20 where !callerRanAll {
            usleep(50_000) // the workers spin for well under this, then sleep
            ranOnCaller.withLock { $0 = [false, false] }
            WorkerThreads.run(2) { index in
                let here = pthread_equal(pthread_self(), caller) != 0
                ranOnCaller.withLock { $0[index] = here }
            }
            callerRanAll = ranOnCaller.withLock { $0 == [true, true] }
        }
        #expect(callerRanAll)
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

    /// More indices than threads: each index once, on no more threads than asked (one thread runs
    /// them all on the caller), in the pool and through Dispatch when the pool is busy.
    @Test func manyIndicesRunOnceOnAtMostTheThreadsAsked() {
        let caller = pthread_self()
        for threads in [1, 2] {
            let tally = Tally(size: 37)
            let seen = Log(Set<UInt>())
            for _ in 0..<200 {
                WorkerThreads.run(37, threads: threads) { index in
                    tally.counts[index] += 1
                    let me = UInt(bitPattern: Int(bitPattern: pthread_self()))
                    seen.withLock { _ = $0.insert(me) }
                }
            }
            #expect(tally.all == [Int](repeating: 200, count: 37))
            let threadsSeen = seen.withLock { $0 }
            #expect(threadsSeen.count <= threads, "\(threadsSeen.count) threads for \(threads)")
            if threads == 1 { #expect(threadsSeen == [UInt(bitPattern: Int(bitPattern: caller))]) }
        }
        // Nested: the inner run finds the pool busy and goes to Dispatch, still on at most 2 threads.
        let inner = Tally(size: 2 * 9)
        let innerThreads = Log([Set<UInt>](repeating: [], count: 2))
        WorkerThreads.run(2) { i in
            WorkerThreads.run(9, threads: 2) { j in
                inner.counts[i * 9 + j] += 1
                let me = UInt(bitPattern: Int(bitPattern: pthread_self()))
                innerThreads.withLock { _ = $0[i].insert(me) }
            }
        }
        #expect(inner.all == [Int](repeating: 1, count: 18))
        #expect(innerThreads.withLock { $0.allSatisfy { $0.count <= 2 } })
    }

    @Test func workersComputeWithFlushToZero() {
        let flags = Log([Bool]())
        WorkerThreads.run(2) { _ in
            let on = NumericsEnvironment.flushToZeroEnabled
            flags.withLock { $0.append(on) }
        }
        #expect(flags.withLock { $0 } == [true, true])
    }
}
