import Foundation
import Testing
import BPTTCorpus
@testable import BPTTTraining
import BPTTNumerics

/// The study machinery: the reach grid, its refusals, a tiny real study, and its report.
@Suite struct StudyTests {
    @Test func reachGridKeepsK2WherePossible() {
        #expect(TruncationStudy.reachGrid(distance: 3, k2: 2) == [
            .blocks(k1: 1, k2: 0), .blocks(k1: 1, k2: 1), .blocks(k1: 1, k2: 2), .blocks(k1: 2, k2: 2),
            .blocks(k1: 3, k2: 2), .blocks(k1: 4, k2: 2), .off,
        ])
    }

    @Test func refusesWhatItCannotMeasure() {
        var text = TrainingConfig()
        text.corpus = "notes.txt"
        let onText = TruncationStudy(base: text, truncations: [.off], seeds: [1], maxUpdates: 5_000, workers: 1)
        #expect(throws: LabError.self) { try onText.validate() }
        let tooShort = TruncationStudy(base: TrainingConfig(), truncations: [.off], seeds: [1], maxUpdates: 10, workers: 1)
        let error = #expect(throws: LabError.self) { try tooShort.validate() }
        #expect(error?.message.contains("validate_every") == true)
    }

    static func tinyConfig() -> TrainingConfig {
        var config = Fixtures.settings(hidden: 24, batch: 16)
        config.builtinDistance = 4
        config.builtinSentences = 400
        config.validateEvery = 250
        return config
    }

    /// Full BPTT on d = 4 learns the key in a few hundred updates; every run is reported, in order,
    /// with its learning step on the validation grid.
    @Test func aTinyStudyFindsFullBPTTLearningTheKey() throws {
        let study = TruncationStudy(base: Self.tinyConfig(), truncations: [.off, .blocks(k1: 1, k2: 0)],
                                    seeds: [1, 2], maxUpdates: 2_000, workers: 2)
        let progress = Counter()
        let runs = try study.run { _, done, total in progress.add(done, total) }
        #expect(runs.map(\.reach) == ["off", "off", "1", "1"] && runs.map(\.seed) == [1, 2, 1, 2])
        #expect(progress.values.sorted() == [1, 2, 3, 4] && progress.totals == [4])
        for run in runs.prefix(2) {
            let at = try #require(run.learnedAt, "seed \(run.seed) did not learn: min share \(run.minShare)")
            #expect(at % 250 == 0 && run.finalShare < 0.1 && run.leftFloorAt! <= at)
        }
        let table = StudyReport.table(runs, maxUpdates: 2_000)
        #expect(table.contains("  off    -    -      2/2"))
        let chart = StudyReport.chart(runs, maxUpdates: 2_000)
        #expect(chart.split(separator: "\n").first { $0.hasPrefix("  off") }?.contains("●") == true)
    }

    /// With a hold, a run goes on after learning and counts the validations still below 10% of ln K,
    /// exactly as the same training in line counts them.
    @Test func aHoldCountsTheValidationsThatStayLearned() throws {
        var study = TruncationStudy(base: Self.tinyConfig(), truncations: [.off], seeds: [1], maxUpdates: 2_000, workers: 1)
        study.holdUpdates = 1_000
        let run = try #require(try study.run { _, _, _ in }.first)
        let at = try #require(run.learnedAt, "did not learn: min share \(run.minShare)")
        #expect(run.updates == at + 1_000 && run.holdReadings == 4)

        var config = Self.tinyConfig()
        config.seed = 1
        config.threads = 1
        config.truncation = .off
        let trainer = try Trainer(corpus: try config.loadCorpus(), config: config)
        let floors = trainer.corpus.lossFloors!
        var held = 0
        while trainer.step < at + 1_000 {
            _ = trainer.update()
            guard trainer.step % config.validateEvery == 0 else { continue }
            let share = floors.recallShare(trainer.validateAndSchedule().evaluation.recallLoss!)
            if trainer.step > at && share < 0.1 { held += 1 }
        }
        #expect(run.heldReadings == held)
        let table = StudyReport.table([run], maxUpdates: 2_000, holdUpdates: 1_000)
        let percent = "\(held * 100 / 4)%"
        #expect(table.contains("held") && table.contains("\(StudyReport.compact(at))/\(percent)"), "\(table)")
    }

    /// A warm-up at a reach below d, then the switch: each seed warms up once and every run of it
    /// continues from that checkpoint, which must equal warming up in line; learning counts from the switch.
    @Test func aWarmUpIsSharedPerSeedAndEqualsWarmingUpInLine() throws {
        var study = TruncationStudy(base: Self.tinyConfig(), truncations: [.off, .blocks(k1: 8, k2: 0)],
                                    seeds: [1, 2], maxUpdates: 2_000, workers: 2)
        study.warmup = (.blocks(k1: 1, k2: 0), 500)
        let runs = try study.run { _, _, _ in }
        #expect(runs.map(\.reach) == ["off", "off", "8", "8"])
        for run in runs { #expect(run.warmupMinShare != nil && run.stopped == nil, "\(run)") }

        // The same warm-up and switch in line, for seed 1 at off.
        var config = Self.tinyConfig()
        config.seed = 1
        config.threads = 1
        config.truncation = .blocks(k1: 1, k2: 0)
        let trainer = try Trainer(corpus: try config.loadCorpus(), config: config)
        let floors = trainer.corpus.lossFloors!
        var lowest = Double.infinity
        while trainer.step < 500 {
            _ = trainer.update()
            if trainer.step % config.validateEvery == 0 {
                lowest = min(lowest, floors.recallShare(trainer.validateAndSchedule().evaluation.recallLoss!))
            }
        }
        try trainer.setTruncation(.off)
        var learnedAt: Int?
        while learnedAt == nil && trainer.step < 2_500 {
            _ = trainer.update()
            if trainer.step % config.validateEvery == 0,
               floors.recallShare(trainer.validateAndSchedule().evaluation.recallLoss!) < 0.1 { learnedAt = trainer.step - 500 }
        }
        #expect(runs[0].warmupMinShare == lowest)
        #expect(runs[0].learnedAt == learnedAt && learnedAt != nil, "study \(String(describing: runs[0].learnedAt)), in line \(String(describing: learnedAt))")
        let lines = StudyReport.table(runs, maxUpdates: 2_000).split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("  seed ") }.count == 2)
    }

    @Test func gradientStudyReadsTheCappedRegime() throws {
        var config = Self.tinyConfig()
        config.truncation = .off
        config.recurrentMaxNorm = 0.5
        let study = GradientStudy(base: config, seeds: [3], maxUpdates: 200, every: 100, workers: 1)
        let runs = try study.run { _, _, _ in }
        #expect(runs.count == 1 && runs[0].readings.map(\.step) == [100, 200])
        // Sentences of d + 2 = 6 steps: the last output's error shrinks at least 2x per step back.
        for reading in runs[0].readings { #expect(reading.decades <= 5 * log10(0.5) + 1e-6, "\(reading)") }
        #expect(GradientStudyReport.table(runs).contains("stopped by the non-finite guard: 0 of 1 runs"))
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [Int] = []
    private(set) var totals: Set<Int> = []
    func add(_ value: Int, _ total: Int) { lock.lock(); values.append(value); totals.insert(total); lock.unlock() }
}
