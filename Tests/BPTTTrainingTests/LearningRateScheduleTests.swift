import Testing
@testable import BPTTTraining

@Suite struct LearningRateScheduleTests {
    @Test func firstValidationSavesWeightsAndKeepsTheRate() {
        var schedule = LearningRateSchedule(minImprovement: 1.003)
        let d = schedule.afterValidation(loss: 2.0, learningRate: 0.1)
        #expect(d == .init(restoreWeights: false, saveWeights: true, learningRate: 0.1, stop: false, note: nil))
    }

    @Test func goodImprovementKeepsTheRate() {
        var schedule = LearningRateSchedule(minImprovement: 1.003)
        _ = schedule.afterValidation(loss: 2.0, learningRate: 0.1)
        let d = schedule.afterValidation(loss: 1.9, learningRate: 0.1)
        #expect(d.learningRate == 0.1)
        #expect(d.saveWeights && !d.restoreWeights && !d.stop)
    }

    @Test func smallImprovementStartsHalvingThenHalvesEveryValidationThenStops() {
        var schedule = LearningRateSchedule(minImprovement: 1.003)
        _ = schedule.afterValidation(loss: 2.0, learningRate: 0.1)
        // 2.0 / 1.999 < 1.003: first time -> start halving now
        let first = schedule.afterValidation(loss: 1.999, learningRate: 0.1)
        #expect(first.learningRate == 0.05)
        #expect(!first.stop)
        #expect(schedule.halving)
        // a good improvement while halving: still halves
        let second = schedule.afterValidation(loss: 1.5, learningRate: 0.05)
        #expect(second.learningRate == 0.025)
        #expect(!second.stop)
        // second insufficient improvement: stop
        let third = schedule.afterValidation(loss: 1.4999, learningRate: 0.025)
        #expect(third.stop)
    }

    @Test func worseValidationRestoresTheBestWeightsAndComparesAgainstTheBest() {
        var schedule = LearningRateSchedule(minImprovement: 1.003)
        _ = schedule.afterValidation(loss: 2.0, learningRate: 0.1)
        let worse = schedule.afterValidation(loss: 2.5, learningRate: 0.1)
        #expect(worse.restoreWeights)
        #expect(!worse.saveWeights)
        #expect(worse.learningRate == 0.05) // a worse loss is also an insufficient improvement
        #expect(schedule.bestLoss == 2.0)
    }

    @Test func disabledScheduleNeverChangesAnything() {
        var schedule = LearningRateSchedule(minImprovement: 1.003, enabled: false)
        for loss in [2.0, 3.0, 3.0, 3.0] {
            let d = schedule.afterValidation(loss: loss, learningRate: 0.1)
            #expect(d.learningRate == 0.1 && !d.stop && !d.restoreWeights)
        }
    }
}
