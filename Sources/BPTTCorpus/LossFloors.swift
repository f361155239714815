import Foundation

/// The exact expected losses of the built-in language (nats per predicted token), see
/// `SyntheticCorpus`. The recall (the repeated key) is the one prediction that needs memory of the
/// sentence's first key: it costs ln K to a model without that memory and nothing to one with it.
public struct LossFloors: Sendable, Equatable {
    /// Mean over all predictions, for a model that remembers the key.
    public var withMemory: Double
    /// Mean over all predictions, for a model that does not.
    public var withoutMemory: Double
    /// The recall's loss without memory: ln K (with memory it is 0).
    public var recallWithoutMemory: Double
    /// Mean over every prediction except the recall (the same with or without memory).
    public var others: Double

    public init(withMemory: Double, withoutMemory: Double, recallWithoutMemory: Double = 0, others: Double = 0) {
        self.withMemory = withMemory
        self.withoutMemory = withoutMemory
        self.recallWithoutMemory = recallWithoutMemory
        self.others = others
    }

    /// The recall loss as a share of ln K: 1 = no memory of the key, 0 = the key is known.
    public func recallShare(_ recallLoss: Double) -> Double {
        recallWithoutMemory > 0 ? recallLoss / recallWithoutMemory : .nan
    }
}
