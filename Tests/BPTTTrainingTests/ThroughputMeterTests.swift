import Testing
@testable import BPTTTraining

/// The meter's running sum against the rate recomputed from the samples in its window.
@Suite struct ThroughputMeterTests {
    @Test func rateIsTheTokensAfterTheWindowsFirstSampleOverItsSpan() {
        #expect(ThroughputMeter().rate == 0)
        var meter = ThroughputMeter()
        var all: [(seconds: Double, tokens: Int)] = []
        var seconds = 0.0
        // 20k updates over ~10 s with uneven gaps and sizes: the window slides and compacts many times.
        for i in 0..<20_000 {
            seconds += i % 97 == 0 ? 0.05 : 0.0004
            let tokens = 16 * (1 + i % 5)
            meter.add(tokens: tokens, at: seconds)
            all.append((seconds, tokens))
            if i % 1013 == 0 || i == 19_999 {
                // The window: the newest samples whose first is at most 2 s older than the last, or the last two.
                var start = all.count - 1
                while start > 0, seconds - all[start - 1].seconds <= 2 { start -= 1 }
                start = min(start, all.count - 2)
                let expected = i == 0 ? 0
                    : Double(all[(start + 1)...].reduce(0) { $0 + $1.tokens }) / (seconds - all[start].seconds)
                #expect(abs(meter.rate - expected) <= 1e-9 * max(1, expected), "update \(i)")
            }
        }
        #expect(meter.rate > 0)
    }
}
