/// How errors are truncated: `blocks` trains on one long stream, updating every k1 steps with
/// errors reaching k2 steps into earlier blocks; `off` trains sentence by sentence with full BPTT.
///
/// The one home of the truncation's limits and of its check: the config schema's k1 and k2 keys,
/// the trainer, the engines and the dashboard's sliders all take them from here.
public enum Truncation: Sendable, Equatable, CustomStringConvertible {
    case blocks(k1: Int, k2: Int)
    case off

    /// Steps per update block.
    public static let k1Range = 1...1000
    /// Steps of earlier blocks errors are propagated into.
    public static let k2Range = 0...1000

    /// Throws unless k1 and k2 are within their ranges. (`off` needs a corpus with sentences: the
    /// trainer checks that, it knows the corpus.)
    public func validate() throws {
        guard case .blocks(let k1, let k2) = self else { return }
        guard Self.k1Range.contains(k1) else {
            throw LabError("truncation k1 (update block length) must be within \(Self.k1Range), got \(k1)")
        }
        guard Self.k2Range.contains(k2) else {
            throw LabError("truncation k2 (steps into earlier blocks) must be within \(Self.k2Range), got \(k2)")
        }
    }

    /// Steps per update block; nil in sentence mode.
    public var k1: Int? { if case .blocks(let k1, _) = self { k1 } else { nil } }

    /// Steps of earlier blocks errors reach into; nil in sentence mode.
    public var k2: Int? { if case .blocks(_, let k2) = self { k2 } else { nil } }

    /// Steps an error can travel back from the last output of an update (k1 + k2), nil when unlimited.
    public var reach: Int? {
        switch self {
        case .blocks(let k1, let k2): return k1 + k2
        case .off: return nil
        }
    }

    /// Whether the last output's error reaches an input `distance` steps back (always when off).
    public func reaches(_ distance: Int) -> Bool { (reach ?? Int.max) >= distance }

    /// How many of a block's k1 outputs have errors that reach an input `distance` steps back: output
    /// τ (0-based) of a block reaches τ + 1 + k2 steps, so the last reaches k1 + k2 (`reach`) and the
    /// first only k2 + 1. Nil when off (every output of a sentence reaches back to its start).
    public func outputsReaching(_ distance: Int) -> Int? {
        guard case .blocks(let k1, let k2) = self else { return nil }
        return min(k1, max(0, k1 + k2 - distance + 1))
    }

    public var description: String {
        switch self {
        case .blocks(let k1, let k2): return "k1=\(k1) k2=\(k2)"
        case .off: return "off (full BPTT per sentence)"
        }
    }
}
