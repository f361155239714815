import Testing
@testable import BPTTTraining

@Suite struct DownsampledSeriesTests {
    @Test func staysWithinCapacityAndKeepsTheMean() {
        var series = DownsampledSeries(capacity: 16)
        for i in 1...1000 { series.append(LossPoint(step: i, seconds: Double(i), loss: Double(i % 2))) }
        #expect(series.points.count < 16)
        #expect(series.stride > 1)
        // alternating 0/1 averaged in pairs or more is 0.5 everywhere
        for p in series.points { #expect(abs(p.loss - 0.5) < 1e-12) }
        #expect(series.visiblePoints.last!.step == 1000)
    }

    @Test func shortSeriesIsKeptExactly() {
        var series = DownsampledSeries(capacity: 16)
        for i in 1...5 { series.append(LossPoint(step: i, seconds: 0, loss: Double(i))) }
        #expect(series.points.map(\.loss) == [1, 2, 3, 4, 5])
    }

    @Test func normHistoryIsBoundedAndOrdered() {
        var history = NormHistory(capacity: 8)
        for i in 0..<100 { history.append([Double(i)], step: i) }
        #expect(history.rows.count < 8)
        #expect(history.steps == history.steps.sorted())
        #expect(history.rows.map { Int($0[0]) } == history.steps)
    }
}
