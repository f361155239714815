import Foundation
import Testing
@testable import BPTTTraining
import BPTTNumerics

/// Issue 21, item 4: the truncation study over cells (`--cells`): each cell runs every reach and seed
/// as a study of that cell alone would, its records carry the `cell` axis, and the report prints a
/// table per cell.
@Suite struct StudyCellAxisTests {
    static func study(cells: [CellKind]?, base: TrainingConfig = StudyTests.tinyConfig()) -> TruncationStudy {
        var study = TruncationStudy(base: base, truncations: [.off, .blocks(k1: 1, k2: 0)], seeds: [1, 2],
                                    maxUpdates: 500, workers: 2)
        study.cells = cells
        return study
    }

    /// What a run measured, without its wall-clock times (which no two runs share).
    static func outcome(_ run: TruncationStudy.RunResult) -> [String] {
        [run.reach, String(run.seed), "\(run.learnedAt ?? -1)", "\(run.leftFloorAt ?? -1)", "\(run.minShare)",
         "\(run.finalShare)", "\(run.updates)", run.stopped ?? ""]
    }

    @Test func eachCellRunsAsAStudyOfThatCellAlone() throws {
        let runs = try Self.study(cells: [.lstm, .elman]).run { _, _, _ in }
        #expect(runs.map { $0.cell ?? "-" } == ["lstm", "lstm", "lstm", "lstm", "elman", "elman", "elman", "elman"])
        #expect(runs.map(\.reach) == ["off", "off", "1", "1", "off", "off", "1", "1"])
        for cell in [CellKind.lstm, .elman] {
            var base = StudyTests.tinyConfig()
            base.cell = cell
            let alone = try Self.study(cells: nil, base: base).run { _, _, _ in }
            #expect(alone.allSatisfy { $0.cell == nil })
            #expect(runs.filter { $0.cell == cell.rawValue }.map(Self.outcome) == alone.map(Self.outcome))
        }
        // The cells really differ: an LSTM's losses are not Elman's.
        #expect(runs.prefix(4).map(\.minShare) != runs.suffix(4).map(\.minShare))
    }

    @Test func thePlanAndTheRecordsCarryTheCellAxis() {
        let plain = Self.study(cells: nil).plan
        #expect(plain.axes == ["reach", "seed"] && plain.runs.allSatisfy { $0["cell"] == nil })
        let plan = Self.study(cells: [.gru, .elman]).plan
        #expect(plan.axes == ["cell", "reach", "seed"])
        #expect(plan.runs.map { StudyRecord.fileName($0, axes: plan.axes) } == [
            "cell-gru-reach-off-seed-1.json", "cell-gru-reach-off-seed-2.json",
            "cell-gru-reach-1-seed-1.json", "cell-gru-reach-1-seed-2.json",
            "cell-elman-reach-off-seed-1.json", "cell-elman-reach-off-seed-2.json",
            "cell-elman-reach-1-seed-1.json", "cell-elman-reach-1-seed-2.json",
        ])
        var result = TruncationStudy.RunResult(reach: "off", k1: nil, k2: nil, seed: 2, learnedAt: nil, learnedSeconds: nil,
                                               leftFloorAt: nil, minShare: 1, finalShare: 1, updates: 10, seconds: 0)
        #expect(TruncationStudy.run(of: result) == ["reach": "off", "seed": "2"])
        result.cell = "gru"
        #expect(TruncationStudy.run(of: result) == ["cell": "gru", "reach": "off", "seed": "2"])
    }

    /// One section per cell, headed by it, each the table and chart of that cell's runs alone; a
    /// study without cells prints as before.
    @Test func theReportPrintsATablePerCell() throws {
        let runs = try Self.study(cells: [.elman, .lstm]).run { _, _, _ in }
        let text = StudyReport.text(runs, maxUpdates: 500, holdUpdates: 0)
        let sections = text.components(separatedBy: "\n\ncell ")
        #expect(sections.count == 2 && sections[0].hasPrefix("cell elman\n") && sections[1].hasPrefix("lstm\n"))
        for (section, cell) in zip(sections, ["elman", "lstm"]) {
            var own = runs.filter { $0.cell == cell }
            for index in own.indices { own[index].cell = nil }
            #expect(section.hasSuffix(StudyReport.text(own, maxUpdates: 500, holdUpdates: 0)))
        }
        let plain = runs.map { run -> TruncationStudy.RunResult in var run = run; run.cell = nil; return run }
        #expect(!StudyReport.text(plain, maxUpdates: 500, holdUpdates: 0).contains("cell "))
    }

    /// With a warm-up each cell warms up on its own: the same runs as warming each cell up alone.
    @Test func aWarmUpIsSharedPerCellAndSeed() throws {
        var study = Self.study(cells: [.gru, .elman])
        study.seeds = [1]
        study.warmup = (.blocks(k1: 1, k2: 0), 250)
        let warmed = WarmUps()
        let runs = try study.run(warmedUp: { seed, cell, _, _ in warmed.add(cell, seed) }) { _, _, _ in }
        #expect(warmed.keys.sorted() == ["elman 1", "gru 1"])
        for cell in [CellKind.gru, .elman] {
            var alone = study
            alone.cells = nil
            alone.base.cell = cell
            let own = try alone.run { _, _, _ in }
            #expect(runs.filter { $0.cell == cell.rawValue }.map(Self.outcome) == own.map(Self.outcome))
            #expect(runs.filter { $0.cell == cell.rawValue }.map(\.warmupMinShare) == own.map(\.warmupMinShare))
        }
    }
}

final class WarmUps: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var keys: [String] = []
    func add(_ cell: CellKind?, _ seed: UInt64) { lock.lock(); keys.append("\(cell?.rawValue ?? "-") \(seed)"); lock.unlock() }
}
