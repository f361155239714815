import Foundation
import Testing
@testable import BPTTNumerics
@testable import BPTTTraining

/// Issue 11: the session's side work and records, each in its own home, tested without a queue.
@Suite struct PeriodicWorkTests {
    @Test func theProbeComesEarlyThenKeepsWithinItsShareOfTheWallTime() {
        var schedule = ProbeSchedule(every: 10, maxShare: 0.05)
        #expect(!schedule.isDue(at: 0.4) && schedule.isDue(at: 0.5), "the first probe half a second in")
        schedule.ran(cost: 0.2, endedAt: 1)
        #expect(!schedule.isDue(at: 10.9) && schedule.isDue(at: 11), "a cheap probe: every 10 s")
        schedule.ran(cost: 1, endedAt: 12)
        #expect(!schedule.isDue(at: 31.9) && schedule.isDue(at: 32), "1 s of probing at 5%: 20 s until the next")
        #expect(!ProbeSchedule(every: 0, maxShare: 0.05).isDue(at: 1000), "every 0 = off")
    }

    static func update(loss: Double, tokens: Int = 10, engine: EngineKind = .optimized, clipped: Bool = false) -> UpdateResult {
        UpdateResult(loss: loss, tokens: tokens, diagnostics: BackwardDiagnostics(stepNorms: [1, 2], reach: [3]),
                     historyLength: 1, clip: ClipReport(norm: 4, rescaled: clipped, elementsCut: 0, nonFiniteTensor: nil),
                     forwardBackwardSeconds: 0.002, engine: engine, divergence: nil, epochEnded: false)
    }

    @Test func theHistoryIsBoundedAndARestartKeepsOnlyItsMarker() {
        var settings = SessionSettings()
        settings.lossCapacity = 4
        var history = RunHistory(settings: settings)
        for step in 1...10 {
            history.add(update: Self.update(loss: Double(step), clipped: step == 3), step: step, seconds: Double(step))
            history.add(validation: Evaluation(loss: Double(step), recallLoss: 1, otherLoss: 2), step: step, seconds: Double(step))
        }
        for i in 0..<300 { history.add(event: ControlEvent(step: i, seconds: 0, kind: .engine, text: "e\(i)")) }
        var snapshot = TrainingSnapshot()
        history.fill(&snapshot, paused: false)
        #expect(snapshot.validLoss.map(\.step) == [7, 8, 9, 10])
        #expect(snapshot.recallLoss.count == 4 && snapshot.otherLoss.count == 4)
        #expect(snapshot.events.count == RunHistory.maximumEvents && snapshot.events.last?.text == "e299")
        #expect(snapshot.gradient.clippedUpdates == 1 && snapshot.gradient.totalNorm == 4)
        #expect(snapshot.gradient.firstOutputStep == 1 && snapshot.gradient.reach == [3])
        #expect(snapshot.tokensPerSecond > 0)
        #expect(snapshot.recentForwardBackwardMilliseconds[.optimized].map { abs($0 - 2) < 1e-9 } == true)
        history.fill(&snapshot, paused: true)
        #expect(snapshot.tokensPerSecond == 0, "a paused run shows no stale rate")

        history.add(event: ControlEvent(step: 10, seconds: 10, kind: .restart, text: "restart"))
        history.restart()
        history.fill(&snapshot, paused: false)
        #expect(snapshot.trainLoss.isEmpty && snapshot.validLoss.isEmpty && snapshot.gradient == GradientFlow())
        #expect(snapshot.events.map(\.kind) == [.restart])
    }

    @Test func metricsRecordsAreTypedAndIntervalsAverageOverTokens() throws {
        let path = NSTemporaryDirectory() + "bptt-lab-\(UUID().uuidString)-metrics.jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let trainer = try Trainer(corpus: Fixtures.corpus(), config: Fixtures.settings(k1: 5, k2: 2))
        let metrics = try SessionMetrics(path: path, inputs: [])
        metrics.start(step: 0)
        metrics.add(loss: 1, tokens: 10)
        metrics.add(loss: 4, tokens: 30)
        #expect(metrics.hasPendingInterval)
        metrics.interval(trainer: trainer, seconds: 2, gradient: GradientFlow(totalNorm: 0.5), tokensPerSecond: 100)
        #expect(!metrics.hasPendingInterval)
        metrics.event(ControlEvent(step: 0, seconds: 3, kind: .schedule, text: "learning rate halved"), trainer: trainer)
        metrics.final(trainer: trainer, seconds: 4, state: .stopped(reason: "by a test"), validLoss: 2, trainLoss: 3)
        #expect(metrics.finalStep == 0)
        let records = try MetricsRecorder.read(path: path)
        #expect(records.map(\.type) == [.event, .interval, .event, .final])
        #expect(records[0].event == "start" && records[0].text == "run started" && records[0].engine == nil)
        #expect(records[1].trainLoss == 3.25, "(1*10 + 4*30) / 40")
        #expect(records[1].truncation == .blocks(k1: 5, k2: 2) && records[1].engine == "optimized")
        // The stored form of the truncation, one object (as in a checkpoint's config).
        let line = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")[1]
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(line.contains(#""truncation":{"k1":5,"k2":2,"mode":"blocks"}"#) && object?["k1"] == nil, "\(line)")
        #expect(records[2].event == "schedule" && records[2].learningRate == trainer.learningRate)
        #expect(records[3].event == "stopped: by a test" && records[3].text?.hasPrefix("test_loss=") == true)
    }
}

/// Headless `train` gives all its time to training: the reach sweep, which only the dashboard's
/// gradient panel shows, runs only when the launch asks for it (the bench does not run it either).
@Suite struct ReachSweepLaunchTests {
    static func reachAfterUpdates(reach: Bool) throws -> [Double] {
        let root = NSTemporaryDirectory() + "bptt-lab-reach-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        var config = TrainingConfig()
        config.hidden = 8
        config.builtinSentences = 200
        config.builtinDistance = 6
        config.runDir = root
        var options = RunLauncher.Options(start: .fresh)
        options.probe = false
        options.reach = reach
        let run = try RunLauncher.make(config, options)
        run.session.start()
        let snapshot = run.session.waitForSnapshot(timeout: 30) { $0.step >= 12 }
        #expect(run.session.stopAndWait(timeout: 20))
        return try #require(snapshot).gradient.reach
    }

    @Test func aHeadlessLaunchSkipsTheReachSweepAndTheDashboardsKeepsIt() throws {
        #expect(try Self.reachAfterUpdates(reach: false).isEmpty)
        #expect(try !Self.reachAfterUpdates(reach: true).isEmpty)
    }
}
