import Foundation
import Testing
import BPTTNumerics
import BPTTCorpus
@testable import BPTTTraining

/// The live session driven from other threads, as the dashboard drives it. Run under ThreadSanitizer
/// in CI (`make test-tsan`). Every wait is bounded.
@Suite struct SessionTests {
    static func session(metrics: String? = nil, probe: Bool = false, configure: (inout TrainingConfig) -> Void = { _ in })
        throws -> TrainingSession {
        var settings = Fixtures.settings()
        settings.validateEvery = 20
        settings.metricsEvery = 5
        settings.probeEverySeconds = 0.01
        configure(&settings)
        return try session(trainer: Trainer(corpus: Fixtures.corpus(), config: settings), metrics: metrics, probe: probe)
    }

    static func session(trainer: Trainer, metrics: String? = nil, probe: Bool = false) throws -> TrainingSession {
        var sessionSettings = SessionSettings()
        sessionSettings.runName = "test"
        sessionSettings.metricsPath = metrics
        sessionSettings.runsProbe = probe
        sessionSettings.probeLengths = [4, 8, 16]
        sessionSettings.publishInterval = 0.005
        return try TrainingSession(trainer: trainer, settings: sessionSettings)
    }

    static func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "bptt-lab-\(UUID().uuidString)-\(name)"
    }

    @Test func pauseSingleStepResumeAndStopFromAnotherThread() throws {
        let session = try Self.session()
        session.start()
        #expect(session.waitForSnapshot(timeout: 20) { $0.step >= 5 } != nil)
        DispatchQueue.global().async { session.send(.pause) }
        let paused = try #require(session.waitForSnapshot(timeout: 20) { $0.state == .paused(reason: nil) })
        // Paused means no progress; a single step means exactly one more update.
        Thread.sleep(forTimeInterval: 0.1)
        let still = session.snapshot
        #expect(still.step == paused.step)
        session.send(.singleStep)
        #expect(session.waitForSnapshot(timeout: 20) { $0.step == still.step + 1 } != nil)
        Thread.sleep(forTimeInterval: 0.1)
        #expect(session.snapshot.step == still.step + 1)
        // Issue 9 (12): paused, even after a single step, no stale rate is shown.
        #expect(session.snapshot.tokensPerSecond == 0)
        session.send(.resume)
        #expect(session.waitForSnapshot(timeout: 20) { $0.step > still.step + 3 && $0.state == .training } != nil)
        DispatchQueue.global().async { session.send(.stop) }
        #expect(session.waitUntilEnded(timeout: 20))
        #expect(session.snapshot.state == .stopped(reason: "stopped by the user"))
    }

    @Test func changingK1MidRunAppliesAtTheNextBlockAndIsRecordedInTheMetrics() throws {
        let path = Self.temporaryPath("metrics.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let session = try Self.session(metrics: path)
        session.start()
        #expect(session.waitForSnapshot(timeout: 20) { $0.step >= 3 } != nil)
        session.send(.setTruncation(.blocks(k1: 3, k2: 2)))
        let changed = try #require(session.waitForSnapshot(timeout: 20) { $0.truncation == .blocks(k1: 3, k2: 2) })
        // After the change the windows are history (k2 = 2) + block (k1 = 3) = 5 steps.
        let later = try #require(session.waitForSnapshot(timeout: 20) { $0.step > changed.step + 2 })
        #expect(later.gradient.stepNorms.count == 5)
        #expect(later.gradient.firstOutputStep == 2)
        #expect(later.events.contains { $0.kind == .truncation && $0.text.contains("k1=3") })
        // Past step 20 too, so the validation at step 20 (validate_every) has run before the stop.
        #expect(session.waitForSnapshot(timeout: 20) { $0.step > max(changed.step + 10, 21) } != nil)
        // Validation comes every 20 steps: wait for one, or a fast stop leaves none to check (flaky under TSan).
        #expect(session.waitForSnapshot(timeout: 20) { !$0.validLoss.isEmpty } != nil)
        #expect(session.stopAndWait(timeout: 20))
        let records = try MetricsRecorder.read(path: path)
        let event = try #require(records.first { $0.type == .event && $0.event == "truncation" })
        #expect(event.truncation == .blocks(k1: 3, k2: 2))
        let intervalsAfter = records.filter { $0.type == .interval && $0.step > event.step }
        #expect(!intervalsAfter.isEmpty)
        #expect(intervalsAfter.allSatisfy { $0.truncation == .blocks(k1: 3, k2: 2) })
        #expect(records.contains { $0.type == .validation && $0.validLoss != nil })
    }

    @Test func sliderToOffSwitchesToSentenceModeWithFullBPTT() throws {
        let session = try Self.session()
        session.start()
        session.send(.setTruncation(.off))
        let off = try #require(session.waitForSnapshot(timeout: 20) { $0.truncation == .off })
        let later = try #require(session.waitForSnapshot(timeout: 20) { $0.step > off.step + 1 })
        // Sentences of the fixture are d + 2 = 8 tokens, trained whole, with no history.
        #expect(later.gradient.stepNorms.count == 8)
        #expect(later.gradient.firstOutputStep == 0)
        #expect(session.stopAndWait(timeout: 20))
    }

    @Test func engineSwitchAndProbePublishAgreeingTimings() throws {
        let session = try Self.session(probe: true)
        session.start()
        session.send(.setEngine(.naive))
        let snapshot = try #require(session.waitForSnapshot(timeout: 30) { $0.probe != nil && $0.engine == .naive && $0.step > 2 })
        let probe = try #require(snapshot.probe)
        #expect(probe.windowLengths == [4, 8, 16])
        #expect(probe.naiveMilliseconds.count == 3 && probe.optimizedMilliseconds.count == 3)
        #expect(probe.naiveMilliseconds.allSatisfy { $0 > 0 } && probe.optimizedMilliseconds.allSatisfy { $0 > 0 })
        // The two engines agree to float precision on the current weights.
        #expect(probe.maxRelativeGradientDifference < 1e-4)
        #expect(session.waitForSnapshot(timeout: 20) { $0.recentForwardBackwardMilliseconds[.naive] != nil } != nil)
        #expect(session.stopAndWait(timeout: 20))
    }

    /// Divergence is `.failed`: nothing trains (a pause or a single step does nothing) until a
    /// resume tries again, and a stop then is recorded as the divergence.
    @Test func divergenceFailsTheRunUntilAResumeOrAStop() throws {
        let trainer = try Trainer(corpus: Fixtures.corpus(), config: Fixtures.settings())
        // In the weights' storage before any update: the weights the run starts from, which the guard
        // keeps, hold the NaN, so every update diverges (a retry included).
        trainer.weights.W[3] = .nan
        var settings = SessionSettings()
        settings.runsProbe = false
        let session = try TrainingSession(trainer: trainer, settings: settings)
        session.start()
        func failures(_ s: TrainingSnapshot) -> Int { s.events.filter { $0.kind == .nonFinite }.count }
        let failed = try #require(session.waitForSnapshot(timeout: 20) {
            if case .failed(let message) = $0.state { return message.contains("step 1") } else { return false }
        })
        #expect(failures(failed) == 1 && failed.step == 0)
        session.send(.pause)
        session.send(.singleStep)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(session.snapshot.state == failed.state && failures(session.snapshot) == 1)
        session.send(.resume)
        #expect(session.waitForSnapshot(timeout: 20) { failures($0) == 2 && $0.state == failed.state } != nil)
        #expect(session.stopAndWait(timeout: 20))
        guard case .stopped(let reason) = session.snapshot.state else {
            Issue.record("not stopped: \(session.snapshot.state)")
            return
        }
        #expect(reason.hasPrefix("training diverged: step 1"), "\(reason)")
    }

    /// After a restart the weights are those of a fresh trainer run for as many updates (fresh
    /// weights, optimizer state and data order); without the restart they would be 30+ updates on.
    @Test func restartGivesFreshWeightsAndAnEmptyHistory() throws {
        var config = Fixtures.settings()
        config.threads = 1 // one thread: the weights below are compared bit for bit
        let trainer = try Trainer(corpus: Fixtures.corpus(), config: config)
        let session = try Self.session(trainer: trainer)
        session.start()
        let before = try #require(session.waitForSnapshot(timeout: 20) { $0.step >= 30 })
        session.send(.restart)
        session.send(.pause)
        let restarted = try #require(session.waitForSnapshot(timeout: 20) {
            $0.events.contains { $0.kind == .restart } && $0.state == .paused(reason: nil)
        })
        #expect(restarted.step < before.step)
        #expect(restarted.trainLoss.count <= restarted.step + 1)
        #expect(session.stopAndWait(timeout: 20))
        // The session has ended: its trainer may be read from this thread now.
        #expect(trainer.step == restarted.step)
        let fresh = try Trainer(corpus: Fixtures.corpus(), config: config)
        for _ in 0..<trainer.step { _ = fresh.update() }
        let sameWeights = trainer.params == fresh.params // (not inside #expect: it would print every weight)
        #expect(sameWeights, "the restarted trainer's weights differ from a fresh trainer's after \(trainer.step) updates")
    }
}
