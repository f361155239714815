import Foundation
import Testing
import BPTTNumerics
@testable import BPTTTraining

/// What the dashboard draws for a gated cell comes from the live session: the snapshot names the
/// cell, LSTM's ||dE/dc_t|| rows travel beside the ||dE/dh_t|| rows, the gates' means are measured
/// (and ρ(W) is not), and the timing probe times the run's own cell.
@Suite struct GatedSessionTests {
    static func session(_ cell: CellKind, probe: Bool = false) throws -> TrainingSession {
        try SessionTests.session(probe: probe) { $0.cell = cell }
    }

    @Test func lstmPublishesTheCellStatePathBesideTheHiddenPath() throws {
        let session = try Self.session(.lstm)
        session.start()
        let s = try #require(session.waitForSnapshot(timeout: 30) { $0.step >= 12 && !$0.gradient.gateMeans.isEmpty })
        #expect(session.stopAndWait(timeout: 20))
        #expect(s.cell == .lstm)
        let g = s.gradient
        #expect(!g.cellStepNorms.isEmpty && g.cellStepNorms.count == g.stepNorms.count)
        #expect(g.cellStepNorms.allSatisfy { $0.isFinite && $0 >= 0 } && g.cellStepNorms.contains { $0 > 0 })
        #expect(g.cellStepNorms != g.stepNorms, "dE/dc_t is a path of its own, not a copy of dE/dh_t")
        #expect(g.cellHistory.count == g.history.count, "one dc row per dh row, at the same steps")
        #expect(g.gateMeans.map(\.gate) == ["f", "i", "o"])
        #expect(g.gateMeans.allSatisfy { $0.mean > 0 && $0.mean < 1 })
        #expect(g.spectralRadius == 0, "no ρ(W) for a gated cell")
    }

    @Test func gruShowsItsUpdateGateAndHasNoCellState() throws {
        let session = try Self.session(.gru)
        session.start()
        let s = try #require(session.waitForSnapshot(timeout: 30) { $0.step >= 5 && !$0.gradient.gateMeans.isEmpty })
        #expect(session.stopAndWait(timeout: 20))
        #expect(s.cell == .gru && s.gradient.gateMeans.map(\.gate) == ["z"])
        #expect(s.gradient.cellStepNorms.isEmpty && s.gradient.cellHistory.isEmpty)
    }

    @Test func elmanKeepsItsRadiusAndHasNoGates() throws {
        let session = try Self.session(.elman)
        session.start()
        let s = try #require(session.waitForSnapshot(timeout: 30) { $0.step >= 5 && $0.gradient.spectralRadius > 0 })
        #expect(session.stopAndWait(timeout: 20))
        #expect(s.cell == .elman && s.gradient.gateMeans.isEmpty && s.gradient.cellHistory.isEmpty)
    }

    /// The probe builds its workspace from the trainer's weights (`params.shape`), so it times the
    /// run's cell, and both engines agree on it.
    @Test(arguments: [CellKind.gru, .lstm])
    func theProbeTimesTheRunsCell(_ cell: CellKind) throws {
        let session = try Self.session(cell, probe: true)
        session.start()
        let s = try #require(session.waitForSnapshot(timeout: 30) { $0.probe != nil })
        #expect(session.stopAndWait(timeout: 20))
        let probe = try #require(s.probe)
        #expect(probe.naiveMilliseconds.allSatisfy { $0 > 0 } && probe.optimizedMilliseconds.allSatisfy { $0 > 0 })
        #expect(probe.maxRelativeGradientDifference < 1e-4)
        // The same prober on the trainer's shape: the cell is the one the run trains.
        var settings = Fixtures.settings()
        settings.cell = cell
        let trainer = try Trainer(corpus: Fixtures.corpus(), config: settings)
        #expect(trainer.params.shape.cell == cell && trainer.params.W.count == cell.gateCount * trainer.shape.hidden * trainer.shape.hidden)
    }
}
