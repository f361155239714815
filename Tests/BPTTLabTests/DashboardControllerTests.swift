import Foundation
import Testing
@testable import BPTTDashboard
@testable import BPTTTraining // the test breaks W (params is internal(set))
@testable import BPTTTerminal
@testable import BPTTLab

/// The controller between the pure dashboard and a live run, on the in-memory terminal: keys reach
/// the session, the view follows them, quitting saves the checkpoint. Every wait is bounded.
@Suite struct DashboardControllerTests {
    /// A small run of the built-in language writing into a fresh folder (metrics, and the
    /// checkpoint when asked for).
    static func controller(checkpoint: Bool = false) throws -> (controller: DashboardController, folder: String) {
        let folder = NSTemporaryDirectory() + "bptt-lab-controller-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var config = TrainingConfig()
        config.name = "controller-test"
        config.hidden = 16
        config.builtinDistance = 6
        config.builtinSentences = 300
        config.threads = 1
        config.validateEvery = 100_000_000 // none within a test (0 is refused by the saved config's check)
        config.sampleEvery = 0
        config.runDir = folder // runs the controller starts itself (`c`) write their folders here
        if checkpoint { config.checkpoint = folder + "/run.ckpt" }
        var options = RunLauncher.Options(start: .fresh, metricsPath: folder + "/metrics.jsonl")
        options.probe = false
        let run = try RunLauncher.make(config, options)
        return (DashboardController(run: run, runChoices: [], useColor: false), folder)
    }

    /// The terminal loop over the controller, as `bptt-lab dashboard` runs it.
    static func drive(_ controller: DashboardController, on terminal: MemoryTerminal) -> ExitReason {
        TerminalApp.run(on: terminal, fps: 10, signals: terminal, clock: terminal.milliseconds,
                        needsRedraw: { controller.needsRedraw },
                        frame: { width, height in controller.frame(width: width, height: height) },
                        onKey: { key in controller.handle(key) })
    }

    @Test func spaceAndNReachTheSession() throws {
        let (controller, folder) = try Self.controller()
        defer { controller.shutdown(); try? FileManager.default.removeItem(atPath: folder) }
        let session = controller.run.session
        controller.start()
        #expect(session.waitForSnapshot(timeout: 20) { $0.step >= 2 } != nil)
        #expect(controller.handle(.character(" ")))
        let paused = try #require(session.waitForSnapshot(timeout: 20) { $0.state == .paused(reason: nil) })
        #expect(controller.handle(.character("n")))
        #expect(session.waitForSnapshot(timeout: 20) { $0.step == paused.step + 1 } != nil)
        #expect(controller.handle(.character(" ")))
        #expect(session.waitForSnapshot(timeout: 20) { $0.state == .training && $0.step > paused.step + 1 } != nil)
    }

    /// Space on a diverged run tries again from the weights the guard kept: the session trains
    /// again and the status line says what happened, instead of "this run has ended". Here the
    /// weights were set with a NaN in W after the sane starting weights (which the guard keeps): the
    /// first update diverges, the retry trains on from the starting weights and a zero stream state
    /// (the refused block's NaN states are not carried: they once made every retry diverge too).
    @Test func spaceOnADivergedRunTriesAgainFromTheKeptWeights() throws {
        let (controller, folder) = try Self.controller()
        defer { controller.shutdown(); try? FileManager.default.removeItem(atPath: folder) }
        let sane = controller.run.trainer.params
        controller.run.trainer.params.W[3] = .nan // the first update diverges; the starting weights are the sane ones
        let session = controller.run.session
        func failures(_ s: TrainingSnapshot) -> Int { s.events.filter { $0.kind == .nonFinite }.count }
        func failed(_ s: TrainingSnapshot) -> Bool { if case .failed = s.state { true } else { false } }
        controller.start()
        let first = try #require(session.waitForSnapshot(timeout: 20) { failed($0) })
        #expect(failures(first) == 1)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(failures(session.snapshot) == 1, "a failed run trains no more until asked")
        let terminal = MemoryTerminal(width: 100, height: 30,
                                      script: [(200, .key(.character(" "))), (400, .key(.character("q")))])
        #expect(Self.drive(controller, on: terminal) == .quit)
        #expect(terminal.frames.contains { $0.grid.text.contains(DashboardKeys.retryNotice) })
        #expect(!terminal.frames.contains { $0.grid.text.contains("has ended") })
        let retried = try #require(session.waitForSnapshot(timeout: 20) { $0.step >= 3 })
        #expect(failures(retried) == 1 && !failed(retried), "the retry trains on")
        #expect(session.stopAndWait(timeout: 20))
        #expect(controller.run.trainer.params != sane && controller.run.trainer.params.W.allSatisfy(\.isFinite),
                "it trains on from the kept weights")
    }

    @Test func quitEndsTheLoopAndTheShutdownSavesTheCheckpoint() throws {
        let (controller, folder) = try Self.controller(checkpoint: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        controller.start()
        #expect(controller.run.session.waitForSnapshot(timeout: 20) { $0.step >= 3 } != nil)
        let terminal = MemoryTerminal(width: 100, height: 30, script: [(300, .key(.character("q")))])
        #expect(Self.drive(controller, on: terminal) == .quit)
        #expect(terminal.frames.first?.grid.text.contains(LossPanel.title) == true)
        #expect(controller.shutdown(timeout: 20))
        let saved = try TrainerCheckpoint.load(from: folder + "/run.ckpt")
        #expect(saved.trainer.step == controller.run.session.snapshot.step)
        #expect(saved.trainer.step >= 3)
    }

    @Test func questionMarkAndHOpenTheHelpAndAnyKeyClosesIt() throws {
        let (controller, folder) = try Self.controller()
        defer { controller.shutdown(); try? FileManager.default.removeItem(atPath: folder) }
        _ = controller.frame(width: 100, height: 30)
        #expect(!controller.needsRedraw)
        for opener in ["?", "h"] as [Character] {
            #expect(controller.handle(.character(opener)))
            #expect(controller.view.showHelp && controller.needsRedraw)
            #expect(controller.frame(width: 100, height: 30).text.contains(HelpOverlay.title))
            #expect(controller.handle(.character("x")))
            #expect(!controller.view.showHelp)
            #expect(!controller.frame(width: 100, height: 30).text.contains(HelpOverlay.title))
        }
        // Nothing was sent to the session: it was never started and stays where it began.
        #expect(controller.run.session.snapshot.step == 0)
    }

    @Test func wHandsTheScreenToTheWriterWithTheRunFolder() throws {
        let (controller, folder) = try Self.controller()
        defer { controller.shutdown(); try? FileManager.default.removeItem(atPath: folder) }
        #expect(controller.handle(.character("w")))
        #expect(controller.view.notice == "screen pictures are not available here")
        _ = controller.frame(width: 90, height: 28)
        var written: (size: [Int], folder: String)?
        controller.screenWriter = { grid, folder, _ in
            written = ([grid.width, grid.height], folder)
            return "picture.svg"
        }
        #expect(controller.handle(.character("w")))
        #expect(controller.view.notice == "screen written to picture.svg")
        #expect(written?.size == [90, 28] && written?.folder == folder)
    }
}
