import Foundation
import Testing
import BPTTNumerics
@testable import BPTTTraining

/// The one loop the session and the studies train by: validation when due, the end of training
/// without another update, a divergence reported with the sane weights kept.
@Suite struct TrainingLoopTests {
    @Test func validatesWhenDueAndStopsAtTheLimitWithoutAnotherUpdate() throws {
        var config = Fixtures.settings()
        config.validateEvery = 3
        config.maxSteps = 7
        let trainer = try Trainer(corpus: Fixtures.corpus(), config: config)
        let loop = TrainingLoop(trainer: trainer)
        var validatedAt: [Int] = []
        while true {
            switch loop.next() {
            case .trained(_, let validation):
                if let validation {
                    #expect(validation.evaluation.loss.isFinite)
                    validatedAt.append(trainer.step)
                }
                continue
            case .finished(let reason):
                #expect(reason == "reached max_steps 7")
            case .diverged(_, let reason):
                Issue.record("diverged: \(reason)")
            }
            break
        }
        #expect(validatedAt == [3, 6] && trainer.step == 7)
        // Without validation (the gradient study) the same updates make none.
        let quiet = TrainingLoop(trainer: try Trainer(corpus: Fixtures.corpus(), config: config), validates: false)
        for _ in 0..<6 {
            guard case .trained(_, nil) = quiet.next() else { Issue.record("validated or stopped"); return }
        }
    }

    @Test func aDivergenceIsReportedAndTheWeightsAreKept() throws {
        let trainer = try Trainer(corpus: Fixtures.corpus(), config: Fixtures.settings())
        let loop = TrainingLoop(trainer: trainer)
        guard case .trained = loop.next() else { Issue.record("first update failed"); return }
        trainer.params.W[0] = .infinity
        guard case .diverged(let result, let reason) = loop.next() else { Issue.record("no divergence"); return }
        #expect(result.divergence == reason && reason.hasPrefix("step 2: "))
        #expect(trainer.step <= 1, "the step goes back with the weights kept")
    }
}
