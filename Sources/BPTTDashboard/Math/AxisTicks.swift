import Foundation

/// One labelled position on an axis.
struct Tick: Equatable, Sendable {
    var value: Double
    var label: String
}

enum AxisScale: Equatable, Sendable {
    case linear
    case logarithmic
}

/// A value range, how values map onto it, and its labelled ticks.
struct AxisSpec: Equatable, Sendable {
    var lo: Double
    var hi: Double
    var scale: AxisScale
    var ticks: [Tick]

    /// Where `value` falls between lo (0) and hi (1); nil when it cannot be placed (log of <= 0, NaN).
    func fraction(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch scale {
        case .linear:
            return hi > lo ? (value - lo) / (hi - lo) : 0.5
        case .logarithmic:
            guard value > 0, lo > 0, hi > lo else { return nil }
            return (log10(value) - log10(lo)) / (log10(hi) - log10(lo))
        }
    }
}

/// "Nice" tick values (1, 2, 5 x 10^n) for linear, logarithmic and time axes.
enum AxisTicks {
    /// The smallest nice step (1, 2 or 5 times a power of ten) that is at least `raw`.
    static func niceStep(atLeast raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * magnitude >= raw * (1 - 1e-9) {
            return factor * magnitude
        }
        return 10 * magnitude
    }

    /// The next nice step above `step`.
    static func nextStep(after step: Double) -> Double { niceStep(atLeast: step * 1.000001) }

    /// Linear ticks. `loose` widens the range out to whole steps (for a y axis whose end ticks sit on
    /// the frame); otherwise the range is kept and only the multiples of the step inside it are ticks.
    static func linear(lo: Double, hi: Double, maxCount: Int, loose: Bool) -> AxisSpec {
        var (lo, hi) = widenedIfFlat(lo: lo, hi: hi)
        let count = max(2, maxCount)
        var step = niceStep(atLeast: (hi - lo) / Double(count - 1))
        var first = 0.0, last = 0.0
        // A range around zero needs at least three whole-step ticks (-s, 0, s): with room for only
        // two, the ends themselves are the ticks.
        if count < 3 && loose && lo < 0 && hi > 0 {
            return AxisSpec(lo: lo, hi: hi, scale: .linear,
                            ticks: zip([lo, hi], linearLabels([lo, hi], step: hi - lo)).map { Tick(value: $0, label: $1) })
        }
        while true {
            first = (lo / step).rounded(loose ? .down : .up)
            last = (hi / step).rounded(loose ? .up : .down)
            // Tolerate floating error so a data end exactly on a multiple is not lost.
            if !loose {
                if (first - 1) * step >= lo - abs(step) * 1e-9 { first -= 1 }
                if (last + 1) * step <= hi + abs(step) * 1e-9 { last += 1 }
            }
            if Int(last - first) + 1 <= count { break }
            step = nextStep(after: step)
        }
        if loose { lo = first * step; hi = last * step }
        let values = stride(from: first, through: last, by: 1).map { snapToZero($0 * step, step: step) }
        let labels = linearLabels(values, step: step)
        return AxisSpec(lo: lo, hi: hi, scale: .linear, ticks: zip(values, labels).map { Tick(value: $0, label: $1) })
    }

    /// A linear axis whose ticks fall on evenly spaced rows of a `rows`-row plot: one every g rows,
    /// g = (rows - 1) / (ticks - 1) rounded down; the spare rows are split above the top tick and
    /// below the lowest. (Without this, ticks 2 and 3 rows apart alternate.) Other axes are
    /// returned as they are.
    static func onEvenRows(_ spec: AxisSpec, rows: Int) -> AxisSpec {
        guard spec.scale == .linear, spec.ticks.count >= 2, rows >= spec.ticks.count else { return spec }
        let values = spec.ticks.map(\.value)
        let step = (values[values.count - 1] - values[0]) / Double(values.count - 1)
        guard step > 0 else { return spec }
        let gapRows = (rows - 1) / (values.count - 1)
        let gap = Double(gapRows)
        // Spare rows are shared: half above the top tick, the rest below the lowest.
        let above = Double(((rows - 1) - gapRows * (values.count - 1)) / 2)
        // A tick sits at the centre of its row: dot row 4·(above + g·i) + 1.5 of 4·rows - 1.
        let dots = Double(4 * rows - 1)
        var even = spec
        even.hi = values[values.count - 1] + (4 * above + 1.5) * step / (4 * gap)
        even.lo = even.hi - step * dots / (4 * gap)
        return even
    }

    /// Linear ticks on evenly spaced rows (`onEvenRows`) that leave the data as much of the height
    /// as they can: of the tick counts up to `maxCount` (at least 4 ticks from 9 rows on, 3 from 5),
    /// the one whose axis wastes the fewest rows.
    static func linearOnEvenRows(lo: Double, hi: Double, rows: Int, maxCount: Int) -> AxisSpec {
        let fewest = min(max(2, maxCount), rows >= 9 ? 4 : rows >= 5 ? 3 : 2)
        var best: (spec: AxisSpec, used: Double)?
        for count in stride(from: max(2, maxCount), through: 2, by: -1) {
            let spec = onEvenRows(linear(lo: lo, hi: hi, maxCount: count, loose: true), rows: rows)
            guard spec.hi > spec.lo, spec.ticks.count >= fewest else { continue }
            let used = (hi - lo) / (spec.hi - spec.lo)
            // More ticks win unless fewer use clearly more of the height.
            if best == nil || used > best!.used + 0.05 { best = (spec, used) }
        }
        return best?.spec ?? onEvenRows(linear(lo: lo, hi: hi, maxCount: maxCount, loose: true), rows: rows)
    }

    /// Logarithmic ticks: powers of ten when the data spans a decade or more (adding 2 and 5 when
    /// there is room), otherwise nice linear values placed logarithmically. The range is widened to
    /// the outer ticks. Non-positive bounds are replaced by a small positive range.
    static func logarithmic(lo: Double, hi: Double, maxCount: Int) -> AxisSpec {
        var lo = lo, hi = hi
        if !(hi > 0) || !hi.isFinite { hi = 1 }
        if !(lo > 0) || !lo.isFinite || lo > hi { lo = hi / 10 }
        if hi == lo { lo /= 2; hi *= 2 }
        let count = max(2, maxCount)
        if log10(hi / lo) < 1 {
            var spec = linear(lo: lo, hi: hi, maxCount: count, loose: true)
            spec.scale = .logarithmic
            if spec.lo <= 0 {
                spec.lo = lo
                spec.ticks.removeAll { $0.value <= 0 }
            }
            return spec
        }
        let eLo = Int(log10(lo).rounded(.down)), eHi = Int(log10(hi).rounded(.up))
        let decades = max(1, eHi - eLo)
        var values: [Double]
        if decades * 3 + 1 <= count {
            values = (eLo..<eHi).flatMap { e in [1.0, 2, 5].map { $0 * pow(10, Double(e)) } } + [pow(10, Double(eHi))]
            // Keep the minor ticks only inside the data's span, but always both ends.
            values = values.filter { $0 >= lo * 0.999 && $0 <= hi * 1.001 || isPowerOfTen($0) }
        } else {
            let every = Int((Double(decades + 1) / Double(count)).rounded(.up))
            values = stride(from: eLo, through: eHi, by: 1).filter { ($0 - eLo) % max(1, every) == 0 }
                .map { pow(10, Double($0)) }
            if let lastValue = values.last, lastValue < pow(10, Double(eHi)) { values.append(pow(10, Double(eHi))) }
        }
        let first = values.first ?? lo, last = values.last ?? hi
        return AxisSpec(lo: first, hi: last, scale: .logarithmic,
                        ticks: values.map { Tick(value: $0, label: NumberFormat.compact($0)) })
    }

    /// A logarithmic axis over exactly [lo, hi] (no widening to whole decades, which would waste most
    /// of a short range such as T = 8...128) with the 1-2-5 values inside it as ticks; only the
    /// powers of ten, or every other one, when there is no room for more. Non-positive bounds: 1...10.
    static func logarithmicInside(lo: Double, hi: Double, maxCount: Int) -> AxisSpec {
        var lo = lo, hi = hi
        if !(hi > 0) || !hi.isFinite { hi = 10 }
        if !(lo > 0) || !lo.isFinite || lo >= hi { lo = hi / 10 }
        let count = max(2, maxCount)
        let eLo = Int(log10(lo).rounded(.down)), eHi = Int(log10(hi).rounded(.up))
        let low = lo * (1 - 1e-9), high = hi * (1 + 1e-9)
        func inside(_ factors: [Double], every: Int = 1) -> [Double] {
            var values: [Double] = []
            for e in stride(from: eLo, through: eHi, by: 1) where (e - eLo) % every == 0 {
                let decade: Double = pow(10, Double(e))
                for factor in factors where factor * decade >= low && factor * decade <= high {
                    values.append(factor * decade)
                }
            }
            return values
        }
        var values = inside([1, 2, 5])
        if values.count > count { values = inside([1]) }
        var every = 2
        while values.count > count { values = inside([1], every: every); every += 1 }
        // No power of ten inside a short range: the nice linear ticks, placed logarithmically.
        if values.count < 2 { values = linear(lo: lo, hi: hi, maxCount: count, loose: false).ticks.map(\.value).filter { $0 > 0 } }
        return AxisSpec(lo: lo, hi: hi, scale: .logarithmic,
                        ticks: values.map { Tick(value: $0, label: NumberFormat.compact($0)) })
    }

    /// Seconds on a time axis: steps of 1/2/5/10/15/30 s, 1/2/5/10/15/30 min, 1/2/3/6/12 h, days.
    static func time(lo: Double, hi: Double, maxCount: Int) -> AxisSpec {
        let lo = lo.isFinite ? max(0, lo) : 0
        let hi = hi.isFinite && hi > lo ? hi : lo + 1
        let count = max(2, maxCount)
        let candidates: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800,
                                    21600, 43200, 86400]
        var step = candidates.last!
        for candidate in candidates where ((hi / candidate).rounded(.down) - (lo / candidate).rounded(.up)) + 1 <= Double(count) {
            step = candidate
            break
        }
        while ((hi / step).rounded(.down) - (lo / step).rounded(.up)) + 1 > Double(count) { step *= 2 }
        let first = (lo / step).rounded(.up), last = (hi / step).rounded(.down)
        let values = first <= last ? stride(from: first, through: last, by: 1).map { $0 * step } : []
        let hourScale = hi >= 3600
        return AxisSpec(lo: lo, hi: hi, scale: .linear,
                        ticks: values.map { Tick(value: $0, label: NumberFormat.axisTime($0, hourScale: hourScale)) })
    }

    /// Labels with as many decimals as the step needs; thousands as k and millions as M.
    static func linearLabels(_ values: [Double], step: Double) -> [String] {
        let largest = values.map(abs).max() ?? 0
        if step < 1e-3 { return values.map { $0 == 0 ? "0" : NumberFormat.scientific($0) } }
        for (divisor, suffix) in [(1e6, "M"), (1e3, "k")] where largest >= divisor {
            let decimals = decimalsNeeded(step / divisor)
            return values.map { $0 == 0 ? "0" : NumberFormat.fixed($0 / divisor, decimals: decimals, trim: true) + suffix }
        }
        let decimals = decimalsNeeded(step)
        return values.map { NumberFormat.fixed($0, decimals: decimals) }
    }

    private static func decimalsNeeded(_ step: Double) -> Int {
        step >= 1 ? 0 : Int((-log10(step) - 1e-9).rounded(.up))
    }

    private static func widenedIfFlat(lo: Double, hi: Double) -> (Double, Double) {
        guard lo.isFinite, hi.isFinite else { return (0, 1) }
        if hi > lo { return (lo, hi) }
        let pad = lo == 0 ? 1 : abs(lo) * 0.1
        return (lo - pad, lo + pad)
    }

    private static func snapToZero(_ value: Double, step: Double) -> Double {
        abs(value) < abs(step) * 1e-9 ? 0 : value
    }

    private static func isPowerOfTen(_ value: Double) -> Bool {
        let e = log10(value)
        return abs(e - e.rounded()) < 1e-9
    }
}
