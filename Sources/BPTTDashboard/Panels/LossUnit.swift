import Foundation
import BPTTTraining

/// How loss is shown: bits per character for character models, perplexity for word models.
/// Losses arrive in nats; smoothing happens in nats, the conversion last.
struct LossUnit: Equatable, Sendable {
    var unit: TokenLevel

    /// Axis and legend name.
    var name: String { unit == .char ? "bits/char" : "perplexity" }
    var short: String { unit == .char ? "bpc" : "ppl" }

    func display(_ nats: Double) -> Double {
        switch unit {
        case .char: return nats / M_LN2
        case .word: return exp(min(nats, 700))
        }
    }
}
