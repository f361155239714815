#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Repeated timing on the calling thread's CPU clock (or the wall clock), after a warm-up run; reports
/// the fastest sample.
///
/// CPU time rather than wall time, and the minimum rather than the median: on a shared machine other
/// processes then inflate the figures as little as possible (they still share caches and memory
/// bandwidth, and a virtual CPU can lose time to its host unseen). The bench is single-threaded (one
/// BLAS thread), so the thread's CPU time is all the work; work spread over worker threads is timed on
/// the wall clock (table 2 times all its rows so, to compare thread counts like for like). Short bodies are repeated within one
/// sample so that each sample lasts at least a millisecond and the clock's own cost does not show.
enum Stopwatch {
    static func threadSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    static func wallSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    enum Clock { case threadCPU, wall }

    /// Seconds per call of `body`: the fastest of at least `runs` samples taking `seconds` in all.
    static func bestSeconds(runs: Int, seconds: Double, clock: Clock = .threadCPU, _ body: () -> Void) -> Double {
        let now = clock == .wall ? wallSeconds : threadSeconds
        var start = now()
        body()
        let once = now() - start
        let perSample = once >= 1e-3 ? 1 : Int((1e-3 / max(once, 1e-7)).rounded(.up))
        var samples: [Double] = []
        start = now()
        while samples.count < runs || (now() - start < seconds && samples.count < 10_000) {
            let t0 = now()
            for _ in 0..<perSample { body() }
            samples.append((now() - t0) / Double(perSample))
        }
        return samples.min()!
    }
}
