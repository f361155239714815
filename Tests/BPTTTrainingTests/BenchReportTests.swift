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
        #expect(Set(train.keys) == ["B", "H", "V", "T", "threads", "tokens_per_s", "gflops", "updates"])
    }

    /// Word-level rows: Zipf words with the full softmax and with classes, the class row compared with
    /// its full-softmax twin, and "zipf" / "C" in the JSON only where they apply.
    @Test func wordRowsCarryTheirDataAndOutputLayer() throws {
        var plan = Self.tinyPlan
        plan.trainingSizes = [BenchPlan.TrainingSize(batch: 2, hidden: 8, vocabulary: 50, length: 5, zipf: true),
                              BenchPlan.TrainingSize(batch: 2, hidden: 8, vocabulary: 50, length: 5, classes: 7)]
        plan.trainingThreads = [1]
        var lines: [String] = []
        let report = BenchRunner.run(plan: plan, tables: .train, numpyScript: nil, useNumpy: false) { lines.append($0) }
        #expect(report.train.map(\.zipf) == [true, true])
        let classes = try #require(report.train[1].classes)
        #expect(report.train[0].classes == nil && classes >= 2 && classes <= 7)
        #expect(report.train[1].isFullSoftmaxTwin(of: report.train[1]) == false && report.train[0].isFullSoftmaxTwin(of: report.train[1]))
        let rows = lines.filter { $0.contains(" zipf ") && $0.drop { $0 == " " }.first?.isNumber == true }
        #expect(rows.count == 2 && rows[0].contains("full") && rows[1].contains("\(classes) cl") && rows[1].hasSuffix("x"))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as! [String: Any]
        let train = try #require(json["train"] as? [[String: Any]])
        #expect(Set(train[1].keys) == ["B", "H", "V", "T", "threads", "tokens_per_s", "gflops", "zipf", "C", "updates"])
        #expect(train[1]["C"] as? Int == classes)
    }

    /// One timing path: a bench row trains through `Trainer.update` exactly as `bptt-lab train` does.
    /// The bench's trainer, after however many updates it timed, holds the same weights, optimizer
    /// and step as a trainer built from the same config that just called `update` that many times.
    @Test func benchRowsTrainThroughTheTrainersUpdate() throws {
        let size = BenchPlan.TrainingSize(batch: 2, hidden: 8, vocabulary: 50, length: 5, classes: 7)
        let config = TrainingBenchmark.config(for: size, threads: 1)
        let corpus = TrainingBenchmark.generatedCorpus(for: size)
        #expect(config.usesSparseUpdates && config.clipNorm == TrainingConfig().clipNorm)
        let benched = try Trainer(corpus: corpus, config: config)
        let row = TrainingBenchmark.measure(benched, runs: 7, seconds: 0)
        #expect(row.updates == benched.step && benched.step >= 27)
        let trained = try Trainer(corpus: corpus, config: config)
        for _ in 0..<benched.step { _ = trained.update() }
        #expect(trained.params == benched.params && trained.optimizer == benched.optimizer)
        #expect(row.tokensPerSecond > 0 && row.classes == 7)
    }

    /// The Zipf words follow 1/rank: the most frequent word about H_V times as often as a uniform one.
    @Test func zipfWindowsFollowOneOverRank() {
        let window = BenchData.zipfWindow(length: 2000, batch: 5, vocabulary: 100, seed: 1)
        var counts = [Int](repeating: 0, count: 100)
        for token in window.targets { counts[Int(token)] += 1 }
        let harmonic = (1...100).reduce(0.0) { $0 + 1 / Double($1) }
        let share0 = Double(counts[0]) / 10_000, share9 = Double(counts[9]) / 10_000
        #expect(abs(share0 - 1 / harmonic) < 0.02)
        #expect(abs(share9 - 0.1 / harmonic) < 0.01)
        #expect(Array(window.inputs[5...]) == Array(window.targets[..<(window.targets.count - 5)]))
    }
}
