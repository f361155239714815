/// The learning-rate schedule of Mikolov's rnnlm, applied after every validation:
/// - a validation loss worse than the best so far restores the weights saved at that best point;
/// - while the improvement factor best/new stays at or above `minImprovement` the rate is kept;
/// - the first time it falls below, halving starts: the rate is halved after every validation from then on;
/// - the second time it falls below, training stops.
/// Unlike rnnlm, which compares with the last validation even after restoring, this compares with the
/// best (restored) loss, so a bad validation cannot make the next one look like an improvement.
public struct LearningRateSchedule: Sendable, Equatable, Codable {
    /// The config's `lr_schedule`: this schedule, or a constant rate.
    public enum Kind: String, Sendable, Codable, CaseIterable { case rnnlm, none }

    public var minImprovement: Double
    public var enabled: Bool
    public private(set) var halving: Bool = false
    public private(set) var bestLoss: Double?

    public init(minImprovement: Double = 1.003, enabled: Bool = true) {
        self.minImprovement = minImprovement
        self.enabled = enabled
    }

    public struct Decision: Sendable, Equatable {
        /// Put back the weights saved at the best validation.
        public var restoreWeights: Bool
        /// Save the current weights as the new best.
        public var saveWeights: Bool
        public var learningRate: Double
        public var stop: Bool
        /// A short human reason for the metrics events ("start halving", ...), nil when nothing changed.
        public var note: String?
    }

    public mutating func afterValidation(loss: Double, learningRate: Double) -> Decision {
        guard enabled else {
            return Decision(restoreWeights: false, saveWeights: false, learningRate: learningRate, stop: false, note: nil)
        }
        guard let best = bestLoss else {
            bestLoss = loss
            return Decision(restoreWeights: false, saveWeights: true, learningRate: learningRate, stop: false, note: nil)
        }
        let worse = loss > best
        var decision = Decision(restoreWeights: worse, saveWeights: !worse, learningRate: learningRate,
                                stop: false, note: worse ? "validation worse: weights restored" : nil)
        if !worse { bestLoss = loss }
        // best/new < minImprovement  <=>  new * minImprovement > best
        if loss * minImprovement > best {
            if halving {
                decision.stop = true
                decision.note = "improvement below \(minImprovement) twice: stop"
                return decision
            }
            halving = true
            decision.note = "improvement below \(minImprovement): start halving the rate"
        }
        if halving { decision.learningRate = learningRate / 2 }
        return decision
    }
}
