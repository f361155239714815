import Foundation

/// Maps a gradient norm to one of `StyleID.heatLevels` levels by its log10, between two whole decades.
/// Norms span many orders of magnitude (vanishing/exploding), so only a log scale shows them.
struct HeatScale: Equatable, Sendable {
    /// Lowest and highest decade: 10^lowDecade maps to level 0, 10^highDecade to the top level.
    var lowDecade: Int
    var highDecade: Int

    static let levels = StyleID.heatLevels
    /// Glyphs for the levels when colour is off: ink grows with the level.
    static let monochromeGlyphs: [Unicode.Scalar] = ["·", "⠒", "⠶", "⠿", "░", "▒", "▓", "█"]

    /// The scale that keeps its meaning: one decade per level from 1e-6 to 1e2, for every row and the
    /// whole run (smaller norms take the coldest colour, larger ones the hottest).
    static let fixedDecades = HeatScale(lowDecade: -6, highDecade: -6 + levels)

    /// A row against itself: the decade above its largest finite norm on top, one decade per level
    /// below it. Nil when the row has no positive finite norm.
    static func perRow(_ row: [Double]) -> HeatScale? {
        guard let largest = row.filter({ $0.isFinite && $0 > 0 }).max() else { return nil }
        let top = Int(log10(largest).rounded(.up))
        return HeatScale(lowDecade: top - levels, highDecade: top)
    }

    /// A scale covering the finite positive values, whole decades, at most `maxDecades` wide
    /// (the largest values win: small ones fall to level 0). No usable values: 1e-3 ... 1e0.
    static func fitting<S: Sequence>(_ values: S, maxDecades: Int = 8) -> HeatScale where S.Element == Double {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite && v > 0 {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        guard lo <= hi else { return HeatScale(lowDecade: -3, highDecade: 0) }
        let top = Int(log10(hi).rounded(.up))
        var bottom = Int(log10(lo).rounded(.down))
        if top == bottom { bottom -= 1 }
        return HeatScale(lowDecade: max(bottom, top - max(1, maxDecades)), highDecade: top)
    }

    /// Where `value` sits between the two decades, clamped to [0, 1]; nil for NaN and negatives.
    /// Zero is the bottom, +infinity the top.
    func fraction(_ value: Double) -> Double? {
        if value.isNaN || value < 0 { return nil }
        if value == 0 { return 0 }
        if value == .infinity { return 1 }
        let span = Double(max(1, highDecade - lowDecade))
        return min(1, max(0, (log10(value) - Double(lowDecade)) / span))
    }

    /// The level of `value`, 0 ..< levels; nil for NaN and negatives (drawn as an error mark).
    func level(_ value: Double) -> Int? {
        guard let f = fraction(value) else { return nil }
        return min(HeatScale.levels - 1, Int(f * Double(HeatScale.levels)))
    }

    /// The cell that shows `value`: coloured solid blocks, or the glyph ramp without colour.
    func cell(_ value: Double, useColor: Bool) -> Cell {
        guard let level = level(value) else { return Cell("?", style: .error) }
        if !value.isFinite { return Cell("!", style: .error) }
        return Cell(useColor ? "█" : HeatScale.monochromeGlyphs[level], style: .heat(level))
    }
}
