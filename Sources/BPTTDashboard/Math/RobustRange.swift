/// The y range of a loss chart that a person can read, like TensorBoard's "ignore outliers": the
/// first transient and rare spikes do not set the scale. The range covers
/// - everything in the recent part of the run (the last `recentFraction` of the x span),
/// - the values between the `1 - percentile` and `percentile` quantiles of the whole run (10-90%:
///   the smoothed curve keeps its transient for a while after the raw loss has dropped),
/// - the values that must always show (the loss floors).
/// What lies outside leaves the plot at its edge.
enum RobustRange {
    static func of(_ points: [ChartPoint], always: [Double] = [], recentFraction: Double = 0.5,
                   percentile: Double = 0.9, positiveOnly: Bool = false) -> (lo: Double, hi: Double)? {
        let usable = points.filter { $0.y.isFinite && (!positiveOnly || $0.y > 0) }
        let fixed = always.filter { $0.isFinite && (!positiveOnly || $0 > 0) }
        guard !usable.isEmpty || !fixed.isEmpty else { return nil }
        var lo = fixed.min() ?? .infinity, hi = fixed.max() ?? -.infinity
        if !usable.isEmpty {
            let xs = usable.map(\.x)
            let xLo = xs.min()!, xHi = xs.max()!
            let recentFrom = xHi - (xHi - xLo) * min(1, max(0, recentFraction))
            for point in usable where point.x >= recentFrom {
                lo = min(lo, point.y)
                hi = max(hi, point.y)
            }
            let ys = usable.map(\.y).sorted()
            lo = min(lo, quantile(ys, 1 - percentile))
            hi = max(hi, quantile(ys, percentile))
        }
        return (lo, hi)
    }

    /// The q-quantile of sorted values, linearly interpolated.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = min(1, max(0, q)) * Double(sorted.count - 1)
        let below = Int(position.rounded(.down)), above = min(sorted.count - 1, below + 1)
        let t = position - Double(below)
        return sorted[below] + (sorted[above] - sorted[below]) * t
    }
}
