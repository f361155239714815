import Foundation
import BPTTNumerics

/// Runs independent study jobs on worker threads, one per core, with FTZ/DAZ on each (it is per
/// thread, and subnormal errors slow BPTT badly). Results come back in input order.
enum StudyPool {
    static func map<Job: Sendable, Output: Sendable>(
        _ jobs: [Job], workers: Int, _ body: @escaping @Sendable (Job) throws -> Output,
        progress: @escaping @Sendable (Output, Int) -> Void
    ) throws -> [Output] {
        let state = PoolState<Output>(count: jobs.count)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(workers, jobs.count)) {
            group.enter()
            let thread = Thread {
                NumericsEnvironment.enableFlushToZero()
                while let index = state.take() {
                    let outcome = Result { try body(jobs[index]) }
                    let done = state.store(outcome, at: index)
                    if case .success(let output) = outcome { progress(output, done) }
                }
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        return try state.results()
    }
}

/// The next job index and the finished results, shared by the workers under a lock.
private final class PoolState<Output>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var done = 0
    private var slots: [Result<Output, Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func take() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < slots.count else { return nil }
        defer { next += 1 }
        return next
    }

    func store(_ result: Result<Output, Error>, at index: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        slots[index] = result
        done += 1
        return done
    }

    func results() throws -> [Output] {
        lock.lock(); defer { lock.unlock() }
        return try slots.map { try $0!.get() }
    }
}
