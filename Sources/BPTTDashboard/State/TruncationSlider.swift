import BPTTTraining

/// One stop on a truncation slider.
public enum SliderPosition: Sendable, Equatable, CustomStringConvertible {
    case value(Int)
    /// Sentence mode: full BPTT over each sentence.
    case off

    public var description: String {
        switch self {
        case .value(let v): return String(v)
        case .off: return "off"
        }
    }
}

/// The stops of the k1 and k2 sliders and how the arrow keys move between them (pure). Each ladder
/// runs from the lower to the upper limit of `Truncation.k1Range` / `k2Range` (the config's limits),
/// about a quarter more per stop.
public enum TruncationSlider {
    public static let k1Ladder = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 40, 50, 64, 80, 100,
                                  128, 160, 200, 256, 320, 400, 500, 640, 800, 1000]
    public static let k2Ladder = [0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 40, 50, 64, 80, 100,
                                  128, 160, 200, 256, 320, 400, 500, 640, 800, 1000]
    /// Used when leaving "off" before any block truncation was seen: a long block (100 steps, which
    /// the naive engine still runs in milliseconds), no k2.
    public static let defaultBlocks = Truncation.blocks(k1: 100, k2: 0)

    public static func ladder(_ slider: SliderFocus) -> [Int] {
        slider == .k1 ? k1Ladder : k2Ladder
    }

    /// All stops of a slider; "off" ends the k1 slider only when the corpus has sentences.
    public static func positions(_ slider: SliderFocus, sentenceModeAvailable: Bool) -> [SliderPosition] {
        let values = ladder(slider).map(SliderPosition.value)
        return slider == .k1 && sentenceModeAvailable ? values + [.off] : values
    }

    /// The ladder index nearest to `value` (the lower one on a tie).
    public static func nearestIndex(of value: Int, in ladder: [Int]) -> Int {
        var best = 0
        for (i, v) in ladder.enumerated() where abs(v - value) < abs(ladder[best] - value) { best = i }
        return best
    }

    /// Where the knob of `slider` sits for `truncation`: an index into `positions(...)`.
    /// nil for k2 while truncation is off (k2 has no meaning in sentence mode).
    public static func index(of truncation: Truncation, on slider: SliderFocus, sentenceModeAvailable: Bool) -> Int? {
        switch (truncation, slider) {
        case (.blocks(let k1, _), .k1): return nearestIndex(of: k1, in: k1Ladder)
        case (.blocks(_, let k2), .k2): return nearestIndex(of: k2, in: k2Ladder)
        case (.off, .k1): return sentenceModeAvailable ? k1Ladder.count : k1Ladder.count - 1
        case (.off, .k2): return nil
        }
    }

    /// The truncation after moving `slider` by `delta` stops (negative = left). From a value that is
    /// not on the ladder, one step goes to the next stop strictly beyond it. Past the last k1 stop
    /// comes "off" when available; moving left from "off" restores `remembered` block sizes (or
    /// `defaultBlocks`). The k2 slider does nothing while truncation is off.
    public static func moved(_ truncation: Truncation, slider: SliderFocus, by delta: Int,
                             sentenceModeAvailable: Bool, remembered: Truncation?) -> Truncation {
        var current = truncation
        for _ in 0..<abs(delta) {
            current = movedOnce(current, slider: slider, right: delta > 0,
                                sentenceModeAvailable: sentenceModeAvailable, remembered: remembered)
        }
        return current
    }

    private static func movedOnce(_ truncation: Truncation, slider: SliderFocus, right: Bool,
                                  sentenceModeAvailable: Bool, remembered: Truncation?) -> Truncation {
        switch truncation {
        case .off:
            guard slider == .k1, !right else { return .off }
            if let remembered, remembered != .off { return remembered }
            return defaultBlocks
        case .blocks(let k1, let k2):
            let value = slider == .k1 ? k1 : k2
            guard let next = neighbour(of: value, in: ladder(slider), right: right) else {
                return slider == .k1 && right && sentenceModeAvailable ? .off : truncation
            }
            return slider == .k1 ? .blocks(k1: next, k2: k2) : .blocks(k1: k1, k2: next)
        }
    }

    /// The nearest stop strictly above (right) or below `value`.
    static func neighbour(of value: Int, in ladder: [Int], right: Bool) -> Int? {
        right ? ladder.first { $0 > value } : ladder.last { $0 < value }
    }
}
