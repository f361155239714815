import Testing
@testable import BPTTTraining

/// Issue 9 (7) and (11): the metrics file grows slowly, console numbers stay short.
struct MetricsPacingAndNumberTests {
    @Test func intervalRecordsAreAtLeastASecondApartThenSpacedInProportion() {
        var pacer = RecordPacer()
        // Candidates every millisecond for an hour (what metrics_every = 50 gives at ~50k updates/s).
        var written = 0
        var seconds = 0.0
        while seconds < 3600 {
            if pacer.isDue(at: seconds) { written += 1 }
            seconds += 0.001
        }
        // 1 s apart for 100 s, then 1% of the elapsed time: about 100 + 100 ln 36 ≈ 460.
        #expect(written > 400 && written < 520, "\(written)")
        var fresh = RecordPacer()
        let decisions = [fresh.isDue(at: 0.01), fresh.isDue(at: 0.5), fresh.isDue(at: 1.02)]
        #expect(decisions == [true, false, true])
    }

    @Test func compactNumbersStayShort() {
        #expect(CompactNumber.format(1.23456) == "1.2346")
        #expect(CompactNumber.format(2.5e10) == "2.5e10")
        #expect(CompactNumber.format(-1.234e7, decimals: 2) == "-1.23e7")
        #expect(CompactNumber.format(1e6) == "1e6")
        #expect(CompactNumber.format(.nan) == "nan")
        #expect(CompactNumber.format(.infinity) == "inf")
        #expect(CompactNumber.format(-.infinity) == "-inf")
        #expect(CompactNumber.format(1e111).count <= 8)
    }
}
