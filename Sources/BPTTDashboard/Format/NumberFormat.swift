import Foundation

/// Short, stable number texts for a cramped screen ("12.3k", "3e-7", "2.5e10", "inf", "nan",
/// "0:04:05"). Every number on screen goes through here: `fixed`, `trimmed` and `scientific` hand
/// values they cannot show briefly (a million and more, infinities, NaN) to `compact`, so a
/// diverged perplexity reads "inf" or "3.7M", never 180 digits.
enum NumberFormat {
    /// Values at least this large are never written out digit by digit.
    static let largestPlain = 999_500.0

    /// About three significant digits, k/M suffixes for large values, scientific for tiny ones and
    /// from a billion on; "nan", "inf", "-inf" for the non-finite.
    static func compact(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        let magnitude = abs(value)
        if magnitude == 0 { return "0" }
        if magnitude >= 999_500_000 { return scientific(value) }
        if magnitude >= 999_500 { return trimmed(value / 1_000_000, significant: 3) + "M" }
        if magnitude >= 999.5 { return trimmed(value / 1000, significant: 3) + "k" }
        if magnitude < 0.01 { return scientific(value) }
        return trimmed(value, significant: 3)
    }

    /// `value` with `significant` digits, trailing zeros dropped ("1.50" -> "1.5", "12.0" -> "12").
    static func trimmed(_ value: Double, significant: Int) -> String {
        let magnitude = abs(value)
        guard magnitude.isFinite, magnitude < largestPlain else { return compact(value) }
        guard magnitude > 0 else { return "0" }
        let leadingExponent = Int(log10(magnitude).rounded(.down))
        return fixed(value, decimals: max(0, significant - 1 - leadingExponent), trim: true)
    }

    /// A fixed number of decimals; with `trim`, trailing zeros and a dangling point are removed.
    static func fixed(_ value: Double, decimals: Int, trim: Bool = false) -> String {
        guard value.isFinite, abs(value) < largestPlain else { return compact(value) }
        var text = String(format: "%.\(max(0, decimals))f", value)
        if trim && text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { text = "0" }
        return text
    }

    /// Scientific notation without padding: 3e-7, 3.1e-7, 1.2e5.
    static func scientific(_ value: Double, digits: Int = 1) -> String {
        guard value.isFinite else { return compact(value) }
        if value == 0 { return "0" }
        var exponent = Int(log10(abs(value)).rounded(.down))
        var mantissa = value / pow(10, Double(exponent))
        // Rounding can carry the mantissa to 10 (9.96 -> "10.0"): renormalise.
        let rounded = (mantissa * pow(10, Double(digits))).rounded() / pow(10, Double(digits))
        if abs(rounded) >= 10 { exponent += 1; mantissa = value / pow(10, Double(exponent)) }
        return fixed(mantissa, decimals: digits, trim: true) + "e" + String(exponent)
    }

    /// A power of ten as a label: 1e-6 ... 1e0 ... 1e3.
    static func decade(_ exponent: Int) -> String { "1e" + String(exponent) }

    /// Elapsed time as h:mm:ss.
    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds > 0 else { return "0:00:00" }
        let total = Int(seconds.rounded(.down))
        let h = total / 3600, m = (total / 60) % 60, s = total % 60
        return "\(h):" + twoDigits(m) + ":" + twoDigits(s)
    }

    /// A time-axis label: m:ss below an hour, h:mm from an hour on.
    static func axisTime(_ seconds: Double, hourScale: Bool) -> String {
        let total = Int(max(0, seconds).rounded())
        if hourScale { return "\(total / 3600)h" + twoDigits((total / 60) % 60) }
        return "\(total / 60):" + twoDigits(total % 60)
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
