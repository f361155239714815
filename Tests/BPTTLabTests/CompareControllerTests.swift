import Foundation
import Testing
@testable import BPTTDashboard
import BPTTNumerics
import BPTTTraining
@testable import BPTTTerminal
@testable import BPTTLab

/// The controller with two live sessions (A, and B started with `b`), on the in-memory terminal:
/// keys reach the focused run only, `b` again stops B and saves it, quitting saves both. Every wait
/// is bounded.
@Suite struct CompareControllerTests {
    /// A small built-in run (DashboardControllerTests') whose B writes its metrics beside A's.
    static func controller(checkpoint: Bool = false) throws -> (controller: DashboardController, folder: String) {
        let (controller, folder) = try DashboardControllerTests.controller(checkpoint: checkpoint)
        controller.comparisonMetricsPath = folder + "/metrics-B.jsonl"
        return (controller, folder)
    }

    /// `b`, then enter on the menu's first choice: "off" for the built-in language (it has sentences).
    static func startB(_ controller: DashboardController) throws -> TrainingSession {
        #expect(controller.handle(.character("b")))
        #expect(controller.view.compareMenu?.selected == .truncation(.off))
        #expect(controller.handle(.enter))
        try #require(controller.runs.count == 2, "B did not start: \(controller.view.notice ?? "")")
        return controller.runs[1].run.session
    }

    static func isPaused(_ s: TrainingSnapshot) -> Bool { s.state == .paused(reason: nil) }

    @Test func bStartsBAndKeysReachOnlyTheFocusedRun() throws {
        let (controller, folder) = try Self.controller()
        defer { controller.shutdown(); try? FileManager.default.removeItem(atPath: folder) }
        controller.start()
        let a = controller.run.session
        #expect(a.waitForSnapshot(timeout: 20) { $0.step >= 2 } != nil)
        let b = try Self.startB(controller)
        #expect(controller.runs[1].run.metricsPath == folder + "/metrics-B.jsonl")
        #expect(b.waitForSnapshot(timeout: 20) { $0.step >= 2 && $0.truncation == .off } != nil)
        #expect(a.snapshot.truncation == .blocks(k1: 3, k2: 2), "A keeps its setting")

        // f, space: B pauses, A trains on.
        #expect(controller.handle(.character("f")) && controller.view.focusedRun == 1)
        #expect(controller.handle(.character(" ")))
        #expect(b.waitForSnapshot(timeout: 20, Self.isPaused) != nil)
        let aStep = a.snapshot.step
        #expect(a.waitForSnapshot(timeout: 20) { $0.state == .training && $0.step > aStep + 3 } != nil)
        let grid = controller.frame(width: 80, height: 24)
        #expect(grid.line(0).hasPrefix(" ▶B"), "\(grid.line(0))")
        #expect(grid.line(2).contains("A k1=3") && grid.line(2).contains("B off"), "\(grid.line(2))")

        // f, space: now A pauses; B stays paused.
        #expect(controller.handle(.character("f")) && controller.view.focusedRun == 0)
        #expect(controller.handle(.character(" ")))
        #expect(a.waitForSnapshot(timeout: 20, Self.isPaused) != nil)
        #expect(Self.isPaused(b.snapshot))
    }

    @Test func bAgainStopsAndSavesBWhileAGoesOn() throws {
        let (controller, folder) = try Self.controller()
        defer { controller.shutdown(); try? FileManager.default.removeItem(atPath: folder) }
        controller.start()
        let b = try Self.startB(controller)
        #expect(b.waitForSnapshot(timeout: 20) { $0.step >= 2 } != nil)
        #expect(controller.handle(.character("b")))
        #expect(controller.runs.count == 1 && controller.stoppedRuns.count == 1)
        #expect(b.waitUntilEnded(timeout: 0), "B's session has ended")
        let lines = try String(contentsOfFile: folder + "/metrics-B.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.last?.contains("\"type\":\"final\"") == true)
        let a = controller.run.session
        let aStep = a.snapshot.step
        #expect(a.waitForSnapshot(timeout: 20) { $0.step > aStep + 3 } != nil, "A trains on")
        #expect(!controller.frame(width: 80, height: 24).line(0).contains("▶"), "one run: no focus mark")
    }

    @Test func quitOnTheMemoryTerminalSavesBoth() throws {
        let (controller, folder) = try Self.controller(checkpoint: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        controller.start()
        let b = try Self.startB(controller)
        #expect(b.waitForSnapshot(timeout: 20) { $0.step >= 3 } != nil)
        let terminal = MemoryTerminal(width: 100, height: 30, script: [(300, .key(.character("q")))])
        #expect(DashboardControllerTests.drive(controller, on: terminal) == .quit)
        #expect(controller.shutdown(timeout: 20))
        let savedA = try TrainerCheckpoint.load(from: folder + "/run.ckpt")
        let savedB = try TrainerCheckpoint.load(from: folder + "/run-B.ckpt")
        #expect(savedA.trainer.step == controller.run.session.snapshot.step)
        #expect(savedB.trainer.step == b.snapshot.step && savedB.trainer.step >= 3)
        #expect(savedB.trainer.truncation == .off && savedA.trainer.truncation == .blocks(k1: 3, k2: 2))
    }
}
