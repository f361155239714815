import Foundation
import Testing
@testable import BPTTDashboard
import BPTTNumerics
import BPTTTraining
@testable import BPTTLab

/// `c` restarts a run with the next cell and the settings it has now, on the run the keys act on.
@Suite struct CellCycleControllerTests {
    @Test func cRestartsTheRunWithTheNextCellAndTheSameSettings() throws {
        let (controller, folder) = try DashboardControllerTests.controller(checkpoint: true)
        defer { controller.shutdown(); try? FileManager.default.removeItem(atPath: folder) }
        controller.start()
        let elman = controller.run.session
        #expect(elman.waitForSnapshot(timeout: 20) { $0.step >= 2 } != nil)
        // A setting moved since the start: the new run takes it over.
        #expect(controller.handle(.right))
        #expect(elman.waitForSnapshot(timeout: 20) { $0.truncation == .blocks(k1: 4, k2: 2) } != nil)

        #expect(controller.handle(.character("c")))
        let gru = controller.run
        #expect(gru.config.cell == .gru && gru.session !== elman)
        #expect(gru.config.truncation == .blocks(k1: 4, k2: 2) && gru.config.hidden == 16)
        #expect(gru.config.seed == controller.stoppedRuns[0].config.seed, "the same seed")
        #expect(gru.checkpointPath == folder + "/run-gru.ckpt", "a checkpoint holds one cell: the new one goes beside")
        #expect(controller.stoppedRuns.map(\.config.cell) == [.elman], "the old run stopped, its summary comes at the end")
        #expect(FileManager.default.fileExists(atPath: folder + "/run.ckpt"), "the Elman run saved as at quitting")
        let started = try #require(gru.session.waitForSnapshot(timeout: 20) { $0.step >= 2 })
        #expect(started.cell == .gru && started.modelSummary.hasPrefix("gru "))
        #expect(controller.view.notice?.hasPrefix("cell gru") == true)
        #expect(controller.runs[0].state.referenceRuns.last?.name.hasSuffix("elman") == true, "the Elman curve stays, faint")
        let grid = controller.frame(width: 120, height: 40)
        #expect(grid.line(0).contains(" gru "), "the status line names the cell: \(grid.line(0))")

        #expect(controller.handle(.character("c")))
        #expect(controller.run.config.cell == .lstm && controller.run.checkpointPath == folder + "/run-lstm.ckpt")
        #expect(controller.handle(.character("c")))
        #expect(controller.run.config.cell == .elman, "lstm → elman closes the cycle")
        #expect(controller.run.session.waitForSnapshot(timeout: 20) { $0.step >= 1 && $0.cell == .elman } != nil)
    }

    @Test func withTwoRunsCActsOnTheFocusedRunOnly() throws {
        let (controller, folder) = try CompareControllerTests.controller()
        defer { controller.shutdown(); try? FileManager.default.removeItem(atPath: folder) }
        controller.start()
        let a = controller.run.session
        #expect(a.waitForSnapshot(timeout: 20) { $0.step >= 2 } != nil)
        let oldB = try CompareControllerTests.startB(controller)
        #expect(controller.handle(.character("f")) && controller.view.focusedRun == 1)
        #expect(controller.handle(.character("c")))
        #expect(controller.runs.count == 2 && controller.run.session === a, "A goes on")
        let b = controller.runs[1]
        #expect(b.run.session !== oldB && b.run.config.cell == .gru && b.letter == "B")
        #expect(b.run.config.truncation == .off, "B keeps its change")
        #expect(b.run.session.waitForSnapshot(timeout: 20) { $0.step >= 2 && $0.cell == .gru } != nil)
        let grid = controller.frame(width: 120, height: 40)
        #expect(grid.line(2).contains("B off gru"), "the legend names the cell that now differs: \(grid.line(2))")
    }

    @Test func theCellIsOneOfBsChanges() {
        let run = DashboardRun(snapshot: TrainingSnapshot(cell: .lstm))
        let cells = CompareChange.choices(for: run).compactMap { if case .cell(let c) = $0 { c } else { nil } }
        #expect(cells == [.elman, .gru])
        #expect(CompareChange.parse("gru", current: .blocks(k1: 3, k2: 2)) == .cell(.gru))
        #expect(CompareChange.cell(.gru).names(a: run) == ("lstm", "gru"))
        var a = TrainingConfig()
        a.name = "a"
        var b = a
        b.name = "b"
        b.cell = .lstm
        #expect(CompareRun.names(a, b) == ("elman", "lstm"))
        #expect(CompareRun.config(from: a, now: TrainingSnapshot(engine: a.engine, truncation: a.truncation), change: .cell(.lstm)).cell == .lstm)
        #expect(CellCycle.checkpointPath("x/run-lstm.ckpt", cell: .elman) == "x/run-elman.ckpt")
        #expect(CellCycle.checkpointPath("run", cell: .gru) == "run-gru")
    }
}
