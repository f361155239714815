#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Repeated timing on the calling thread's CPU clock, after a warm-up run; reports the median.
///
/// CPU time rather than wall time: on a shared machine other processes then do not inflate the
/// figures (they still share caches and memory bandwidth). The bench is single-threaded (one BLAS
/// thread), so the thread's CPU time is all the work. Short bodies are repeated within one sample
/// so that each sample lasts at least a millisecond and the clock's own cost does not show.
enum Stopwatch {
    static func threadSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Seconds per call of `body`: the median over at least `runs` samples and `seconds` of time.
    static func medianSeconds(runs: Int, seconds: Double, _ body: () -> Void) -> Double {
        var start = threadSeconds()
        body()
        let once = threadSeconds() - start
        let perSample = once >= 1e-3 ? 1 : Int((1e-3 / max(once, 1e-7)).rounded(.up))
        var samples: [Double] = []
        start = threadSeconds()
        while samples.count < runs || (threadSeconds() - start < seconds && samples.count < 10_000) {
            let t0 = threadSeconds()
            for _ in 0..<perSample { body() }
            samples.append((threadSeconds() - t0) / Double(perSample))
        }
        samples.sort()
        let middle = samples.count / 2
        return samples.count % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2
    }
}
