import Foundation

/// The type and allowed values of one config key, and how a text value is read and written.
enum ConfigValueType: Sendable {
    case string(nonEmpty: Bool)
    case integer(ClosedRange<Int>)
    case unsigned
    case number(NumberRange)
    case choice([String])

    enum Value: Sendable, Equatable {
        case string(String)
        case integer(Int)
        case unsigned(UInt64)
        case number(Double)
    }

    /// A range of real numbers, open or closed at each end.
    struct NumberRange: Sendable {
        var lower: Double
        var lowerInclusive: Bool
        var upper: Double
        var upperInclusive: Bool

        func contains(_ x: Double) -> Bool {
            (lowerInclusive ? x >= lower : x > lower) && (upperInclusive ? x <= upper : x < upper)
        }

        var text: String {
            switch (upper.isInfinite, lowerInclusive) {
            case (true, true): return ">= \(Self.format(lower))"
            case (true, false): return "> \(Self.format(lower))"
            default:
                return "\(lowerInclusive ? "[" : "(")\(Self.format(lower)), \(Self.format(upper))\(upperInclusive ? "]" : ")")"
            }
        }

        static func format(_ x: Double) -> String {
            x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
        }
    }

    /// What the key expects, as written in errors and documentation.
    var expectation: String {
        switch self {
        case .string(let nonEmpty): return nonEmpty ? "a non-empty string" : "a string"
        case .integer(let range):
            return range.upperBound == Int.max ? "an integer >= \(range.lowerBound)"
                : "an integer in \(range.lowerBound)...\(range.upperBound)"
        case .unsigned: return "a non-negative 64-bit integer"
        case .number(let range): return "a number \(range.text)"
        case .choice(let options): return "one of \(options.joined(separator: ", "))"
        }
    }

    /// Short form for the key table ("integer 1...1024", "blocks|off").
    var summary: String {
        switch self {
        case .string: return "string"
        case .integer(let range):
            return range.upperBound == Int.max ? "integer >= \(range.lowerBound)"
                : "integer \(range.lowerBound)...\(range.upperBound)"
        case .unsigned: return "64-bit integer >= 0"
        case .number(let range): return "number \(range.text)"
        case .choice(let options): return options.joined(separator: "|")
        }
    }

    enum ParseFailure: Error { case wrongType, outOfRange }

    func parse(_ text: String) throws(ParseFailure) -> Value {
        switch self {
        case .string(let nonEmpty):
            if nonEmpty && text.isEmpty { throw .wrongType }
            return .string(text)
        case .integer(let range):
            guard let value = Int(Self.digits(text)) else {
                throw Self.looksInteger(Self.digits(text)) ? .outOfRange : .wrongType
            }
            guard range.contains(value) else { throw .outOfRange }
            return .integer(value)
        case .unsigned:
            guard let value = UInt64(Self.digits(text)) else {
                throw Self.looksInteger(Self.digits(text)) ? .outOfRange : .wrongType
            }
            return .unsigned(value)
        case .number(let range):
            let cleaned = Self.digits(text)
            guard Self.looksNumeric(cleaned), let value = Double(cleaned), value.isFinite else { throw .wrongType }
            guard range.contains(value) else { throw .outOfRange }
            return .number(value)
        case .choice(let options):
            guard options.contains(text) else { throw .wrongType }
            return .string(text)
        }
    }

    /// The value as a config file would spell it (strings are quoted by the caller).
    static func text(of value: Value) -> String {
        switch value {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .unsigned(let u): return String(u)
        case .number(let x): return String(x)
        }
    }

    /// Underscores group digits: 10_000.
    private static func digits(_ text: String) -> String {
        text.contains("_") && !text.hasPrefix("_") && !text.hasSuffix("_") ? text.replacingOccurrences(of: "_", with: "") : text
    }

    /// Optionally signed decimal digits (too large for the type means out of range, not wrong type).
    private static func looksInteger(_ text: String) -> Bool {
        let body = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        return !body.isEmpty && body.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
    }

    /// Decimal, optionally signed, with optional fraction and exponent (no hex, inf or nan).
    private static func looksNumeric(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if let first = scalars.first, first == "+" || first == "-" { scalars = scalars.dropFirst() }
        var sawDigit = false, sawDot = false, sawExponent = false, expectExponentDigit = false
        for scalar in scalars {
            switch scalar {
            case "0"..."9": sawDigit = true; expectExponentDigit = false
            case "." where !sawDot && !sawExponent: sawDot = true
            case "e", "E":
                if sawExponent || !sawDigit { return false }
                sawExponent = true; expectExponentDigit = true
            case "+", "-":
                if !expectExponentDigit { return false }
            default: return false
            }
        }
        return sawDigit && !expectExponentDigit
    }
}
