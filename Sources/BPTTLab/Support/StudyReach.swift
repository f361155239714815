import ArgumentParser
import BPTTTraining

/// A truncation reach as the study options spell it: a number of steps k1 + k2, or `off` (sentence
/// mode). The truncation it means depends on the config's k2 (`truncation(k2:)`), so its range is
/// checked in run(), where a refusal is one line naming the option (exit 2).
enum StudyReach: Equatable, CustomStringConvertible {
    case steps(Int)
    case off

    /// Reaches a truncation can have: k1 + k2 at their limits.
    static let range = 1...(Truncation.k1Range.upperBound + Truncation.k2Range.upperBound)

    /// "5" or "off"; nil for any other word.
    init?(word: String) {
        if word == Truncation.offName { self = .off; return }
        guard let steps = Int(word) else { return nil }
        self = .steps(steps)
    }

    var description: String {
        switch self {
        case .steps(let steps): return String(steps)
        case .off: return Truncation.offName
        }
    }

    /// The truncation with this reach, keeping k2 where possible (k1 at least 1); refused by `option`
    /// when the reach is out of range.
    func truncation(k2: Int, option: String) throws -> Truncation {
        guard case .steps(let reach) = self else { return .off }
        guard Self.range.contains(reach) else {
            throw ValidationError("\(option): '\(reach)' is neither a reach within "
                + "\(Self.range.lowerBound)...\(Self.range.upperBound) nor 'off'")
        }
        let k1 = max(1, reach - k2)
        return .blocks(k1: k1, k2: reach - k1)
    }
}

/// `--reaches 3,5,8,off`: read once by ArgumentParser, which refuses a word that is neither a number
/// nor `off`. An empty list parses (and is refused in run(), by name: it would run nothing).
struct StudyReachList: ExpressibleByArgument {
    var reaches: [StudyReach]
    var text: String

    init?(argument: String) {
        let words = argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var reaches: [StudyReach] = []
        for word in words {
            guard let reach = StudyReach(word: word) else { return nil }
            reaches.append(reach)
        }
        self.reaches = reaches
        text = argument
    }
}

/// `--warmup R:N`: a reach (or off) and a number of updates, read once by ArgumentParser, which
/// refuses text of another form; N's range is checked in run().
struct StudyWarmup: ExpressibleByArgument {
    var reach: StudyReach
    var updates: Int
    var text: String

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let reach = StudyReach(word: parts[0].trimmingCharacters(in: .whitespaces)),
              let updates = Int(parts[1].trimmingCharacters(in: .whitespaces)) else { return nil }
        self.reach = reach
        self.updates = updates
        text = argument
    }
}
