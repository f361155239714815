import Foundation
import BPTTNumerics

/// One JSON Lines record of a run's metrics file. `type` says which fields are set.
public struct MetricsRecord: Codable, Sendable, Equatable {
    /// The kinds of record a run writes (the file's "type" field).
    public enum Kind: String, Codable, Sendable {
        /// Train loss over the updates since the previous one, throughput, gradient norm, settings.
        case interval
        /// Validation loss (and the recall's, on the built-in language) and the learning rate.
        case validation
        /// A control change, a schedule decision, a refused setting, a failed checkpoint, the start.
        case event
        /// The last record of every run: its end state and the test loss.
        case final
    }

    public var type: Kind
    public var step: Int
    public var seconds: Double
    public var epoch: Int?
    public var trainLoss: Double?
    public var validLoss: Double?
    public var validPerplexity: Double?
    public var bitsPerChar: Double?
    /// Built-in language: validation loss on the recalls (ln K without memory of the key, 0 with).
    public var recallLoss: Double?
    /// Built-in language: validation loss on every other prediction.
    public var otherLoss: Double?
    public var tokensPerSecond: Double?
    public var learningRate: Double?
    public var gradientNorm: Double?
    public var clippedUpdates: Int?
    /// Stored as `Truncation`'s Codable form: {"mode": "blocks", "k1": 3, "k2": 2} or {"mode": "off"}.
    public var truncation: Truncation?
    public var engine: String?
    /// Event records: what happened ("start", a `ControlEvent.Kind`); final records: the end state.
    public var event: String?
    public var text: String?

    public init(type: Kind, step: Int, seconds: Double) {
        self.type = type; self.step = step; self.seconds = seconds
    }

    /// Sets the truncation, engine and learning rate in force.
    mutating func setSettings(truncation: Truncation, engine: EngineKind, learningRate: Double) {
        self.truncation = truncation
        self.engine = engine.rawValue
        self.learningRate = learningRate
    }

    enum CodingKeys: String, CodingKey {
        case type, step, seconds, epoch
        case trainLoss = "train_loss", validLoss = "valid_loss", validPerplexity = "valid_ppl"
        case bitsPerChar = "bits_per_char", recallLoss = "recall_loss", otherLoss = "other_loss"
        case tokensPerSecond = "tokens_per_s", learningRate = "lr"
        case gradientNorm = "grad_norm", clippedUpdates = "clipped_updates", truncation, engine, event, text
    }
}
