import Foundation
import BPTTCorpus
import BPTTTraining
import BPTTNumerics
@testable import BPTTDashboard

/// Two runs of the built-in language side by side, as after `b` and "off": A truncated below d
/// (recall on the no-memory floor ln K), B with full BPTT per sentence, started later (fewer steps),
/// its recall falling to 0. Deterministic, as `Fixtures`.
enum CompareFixtures {
    static let lnK = log(4.0)
    static let floors = LossFloors(withMemory: 0.077, withoutMemory: 0.154, recallWithoutMemory: lnK, others: 0.0815)

    static let a: TrainingSnapshot = {
        var s = Fixtures.training
        s.truncation = .blocks(k1: 3, k2: 2)
        s.dependencyDistance = 20
        s.lossFloors = floors
        s.recallLoss = (1...24).map { LossPoint(step: $0 * 100, seconds: Double($0) * 30, loss: lnK * (1.01 - 0.01 * Double($0 % 3))) }
        s.otherLoss = s.recallLoss.map { LossPoint(step: $0.step, seconds: $0.seconds, loss: 0.09) }
        return s
    }()

    static let b: TrainingSnapshot = {
        var s = Fixtures.training
        s.runName = "builtin-default-B"
        s.truncation = .off
        s.dependencyDistance = 20
        s.lossFloors = floors
        s.step = 1400
        s.tokensPerSecond = 51_300
        s.trainLoss = Fixtures.lossCurve(points: 140, stepEvery: 10, seconds: 420, floor: 0.5, seed: 9)
        s.recallLoss = (1...14).map { LossPoint(step: $0 * 100, seconds: Double($0) * 30, loss: lnK * max(0.02, 1 - Double($0) / 10)) }
        s.otherLoss = s.recallLoss.map { LossPoint(step: $0.step, seconds: $0.seconds, loss: 0.09) }
        s.events = []
        return s
    }()

    static let runs = [DashboardRun(snapshot: a, letter: "A", difference: "k1=3"),
                       DashboardRun(snapshot: b, letter: "B", difference: "off")]
}
