import Foundation
import Testing
@testable import BPTTTraining

/// The bench's machinery on a tiny plan (its figures are not checked: speed is not a unit-test
/// matter), and its JSON in the schema scripts rely on.
@Suite struct BenchReportTests {
    static let tinyPlan = BenchPlan(
        hiddenSizes: [8], lengths: [4, 8], vocabulary: 6,
        trainingSizes: [BenchPlan.TrainingSize(batch: 2, hidden: 8, vocabulary: 6, length: 5)],
        minimumRuns: 1, minimumSeconds: 0, sgemmSize: 32, numpyRuns: 1, numpyWarmup: 0)

    @Test func aTinyPlanFillsBothTablesAndTheJSONHasTheIssuesKeys() throws {
        var lines: [String] = []
        let report = BenchRunner.run(plan: Self.tinyPlan, numpyScript: nil, useNumpy: false) { lines.append($0) }
        #expect(report.sgemmGFLOPS > 0)
        #expect(report.backward.map { [$0.hidden, $0.length] } == [[8, 4], [8, 8]])
        #expect(report.backward.allSatisfy { $0.naiveMilliseconds > 0 && $0.optimizedMilliseconds > 0 })
        // B = 2: one row at 1 worker thread and one at 2.
        #expect(report.train.map(\.threads) == [1, 2] && report.train.allSatisfy { $0.tokensPerSecond > 0 })
        #expect(lines.contains { $0.contains("Table 1") } && lines.contains { $0.contains("Table 2") })

        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as! [String: Any]
        #expect(Set(json.keys) == ["sgemm_gflops", "backward", "train"])
        let backward = try #require((json["backward"] as? [[String: Any]])?.first)
        #expect(Set(backward.keys) == ["H", "T", "naive_ms", "optimized_ms"])
        let train = try #require((json["train"] as? [[String: Any]])?.first)
        #expect(Set(train.keys) == ["B", "H", "V", "T", "threads", "tokens_per_s", "gflops"])
    }
}
