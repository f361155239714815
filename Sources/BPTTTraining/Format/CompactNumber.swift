import Foundation

/// Console numbers that stay short whatever the value: fixed-point in the usual range, and
/// "2.5e10", "inf", "nan" beyond it (a diverged run once printed perplexities of 111 digits).
public enum CompactNumber {
    /// `decimals` places while |x| < `largeFrom`, else mantissa and exponent with 3 significant digits.
    public static func format(_ x: Double, decimals: Int = 4, largeFrom: Double = 1e6) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if abs(x) < largeFrom { return String(format: "%.\(decimals)f", x) }
        return scientific(x)
    }

    /// "2.5e10", "-1.23e7", "1e6": %e without the plus sign, leading exponent zeros or trailing zeros.
    static func scientific(_ x: Double) -> String {
        let text = String(format: "%.2e", x)
        guard let e = text.firstIndex(of: "e") else { return text }
        var mantissa = String(text[..<e])
        if mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        var exponent = String(text[text.index(after: e)...])
        let negative = exponent.hasPrefix("-")
        exponent = String(exponent.drop { $0 == "+" || $0 == "-" || $0 == "0" })
        return mantissa + "e" + (negative ? "-" : "") + (exponent.isEmpty ? "0" : exponent)
    }
}
