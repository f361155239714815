import Foundation
import Testing
@testable import BPTTTraining
import BPTTNumerics

/// A study's results folder: the plan, the run records, and how they merge (`StudyFolder`,
/// `StudyFiles`); the command-line side is in BPTTTerminalTests' StudyJobsEndToEndTests.
@Suite struct StudyRecordTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "bptt-study-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func study(seeds: [UInt64], maxUpdates: Int = 100) -> GradientStudy {
        GradientStudy(base: TrainingConfig(), seeds: seeds, maxUpdates: maxUpdates, every: 10, workers: 1)
    }

    static func result(_ seed: UInt64) -> GradientStudy.RunResult {
        .init(seed: seed, readings: [.init(step: 10, decades: -1.5, saturation: 0.5, spectralRadius: 1.1, recallShare: nil,
                                           validLoss: .nan, clipped: 0, maxGradientNorm: .infinity)], nonFinite: nil)
    }

    /// A new axis is one more key of a run: it names the file and the message without other changes.
    @Test func aRunIsNamedByEveryAxisInOrder() {
        let run = ["cell": "gru", "reach": "off", "seed": "3"]
        #expect(StudyRecord.fileName(run, axes: ["cell", "reach", "seed"]) == "cell-gru-reach-off-seed-3.json")
        #expect(StudyRecord.describe(run, axes: ["cell", "reach", "seed"]) == "cell gru reach off seed 3")
    }

    @Test func recordsMergeInThePlansOrderAndNameTheMissingRuns() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let study = Self.study(seeds: [1, 2, 3])
        try StudyFolder.prepare(dir, plan: study.plan, inputs: [])
        // Two jobs, each with its own one-run study, in the opposite order.
        for seed: UInt64 in [3, 1] {
            let job = Self.study(seeds: [seed])
            let plan = try StudyFolder.prepare(dir, plan: job.plan, inputs: [])
            #expect(plan.runs.count == 3, "a planned run leaves the plan as it is")
            try StudyFolder.writeRuns([Self.result(seed)], folder: dir, plan: job.plan, run: GradientStudy.run(of:), inputs: [])
        }
        let merged: StudyFiles.Merged<GradientStudy.Settings, GradientStudy.RunResult> =
            try StudyFiles.merge(dir, study: GradientStudy.recordName, run: GradientStudy.run(of:))
        #expect(merged.results.map(\.seed) == [1, 3] && merged.missing == [["seed": "2"]])
        #expect(merged.results[0].readings[0].validLoss.isNaN && merged.results[0].readings[0].maxGradientNorm == .infinity)
        // A study extended with a new seed adds it to the plan.
        #expect(try StudyFolder.prepare(dir, plan: Self.study(seeds: [4]).plan, inputs: []).runs.count == 4)
    }

    @Test func anotherStudysSettingsAreRefusedByName() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try StudyFolder.prepare(dir, plan: Self.study(seeds: [1]).plan, inputs: [])
        let error = #expect(throws: LabError.self) {
            try StudyFolder.prepare(dir, plan: Self.study(seeds: [1], maxUpdates: 200).plan, inputs: [])
        }
        #expect(error?.message.contains("max_updates is 200 here, 100 in \(dir)/study.json") == true, "\(String(describing: error))")
    }

    @Test func aRecordMustHoldTheRunItNames() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let study = Self.study(seeds: [1, 2])
        try StudyFolder.prepare(dir, plan: study.plan, inputs: [])
        try StudyFolder.writeRuns([Self.result(1)], folder: dir, plan: study.plan, run: { _ in ["seed": "2"] }, inputs: [])
        let error = #expect(throws: LabError.self) {
            let _: StudyFiles.Merged<GradientStudy.Settings, GradientStudy.RunResult> =
                try StudyFiles.merge(dir, study: GradientStudy.recordName, run: GradientStudy.run(of:))
        }
        #expect(error?.message == "\(dir)/seed-2.json: names seed 2 but holds the result of seed 1")
    }

    @Test func aJobListIsRecognisedAndNotesAreNot() {
        #expect(OutputKind.isJobList(Array("'/x/bptt-lab' study gradients --seeds 1 --results /r\n".utf8)))
        #expect(OutputKind.isJobList([]))
        #expect(!OutputKind.isJobList(Array("#!/bin/sh\nbptt-lab study gradients --results /r\n".utf8)))
    }
}
