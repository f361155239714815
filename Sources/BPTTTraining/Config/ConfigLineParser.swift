import BPTTCorpus

/// Splits config text into `key = value` entries. Format: one entry per line; blank lines and
/// lines starting with `#` are ignored; a value is bare (ends at a `#` that follows whitespace,
/// surrounding whitespace trimmed, no `"` inside) or a "quoted string" with \" \\ \n \t escapes,
/// optionally followed by a comment.
enum ConfigLineParser {
    struct Entry: Equatable {
        var key: String
        var value: String
        var line: Int
    }

    static func entries(in text: String, file: String) throws -> [Entry] {
        var entries: [Entry] = []
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let lineNumber = index + 1
            func syntax(_ reason: String, key: String? = nil) -> ConfigError {
                ConfigError(kind: .syntax, file: file, line: lineNumber, key: key, reason: reason)
            }
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw syntax("expected 'key = value', got '\(ErrorValue.cut(line))'")
            }
            let key = String(line[..<equals].trimmingWhitespace())
            if key.isEmpty { throw syntax("missing key before '='") }
            guard key.unicodeScalars.allSatisfy(isKeyScalar) else {
                throw syntax("invalid key '\(ErrorValue.cut(key))': keys are lowercase letters, digits and '_'", key: key)
            }
            let rest = line[line.index(after: equals)...].trimmingWhitespace()
            let value: String
            if rest.hasPrefix("\"") {
                value = try quoted(rest, key: key, error: syntax)
            } else {
                let bare = withoutComment(rest)
                if bare.contains("\"") {
                    throw syntax("key '\(key)': quote the whole value (\"...\") or use no quotes, got '\(ErrorValue.cut(bare))'", key: key)
                }
                value = bare
            }
            entries.append(Entry(key: key, value: value, line: lineNumber))
        }
        return entries
    }

    private static func isKeyScalar(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("0"..."9").contains(s) || s == "_"
    }

    /// A bare value up to a comment: `#` at the start or after whitespace.
    private static func withoutComment(_ text: Substring) -> String {
        var previousWasSpace = true
        for index in text.indices {
            let c = text[index]
            if c == "#" && previousWasSpace { return String(text[..<index].trimmingWhitespace()) }
            previousWasSpace = c == " " || c == "\t"
        }
        return String(text)
    }

    private static func quoted(_ text: Substring, key: String,
                               error: (String, String?) -> ConfigError) throws -> String {
        var result = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let c = text[index]
            if c == "\"" {
                let after = text[text.index(after: index)...].trimmingWhitespace()
                if !after.isEmpty && !after.hasPrefix("#") {
                    throw error("key '\(key)': unexpected text after the closing quote: '\(ErrorValue.cut(after))'", key)
                }
                return result
            }
            if c == "\\" {
                index = text.index(after: index)
                guard index < text.endIndex else { break }
                switch text[index] {
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: throw error("key '\(key)': unknown escape '\\\(text[index])' (use \\\" \\\\ \\n or \\t)", key)
                }
            } else {
                result.append(c)
            }
            index = text.index(after: index)
        }
        throw error("key '\(key)': unterminated quoted string (missing closing \")", key)
    }

    /// A value as a config file spells it: bare when that reads back identically, else quoted.
    static func spell(_ value: String) -> String {
        let safeBare = !value.isEmpty && value.trimmingWhitespace() == value[...]
            && !value.contains("\"") && !value.contains("#") && !value.contains("\\")
            && !value.contains("\n") && !value.contains("\t") && !value.contains("\r")
        if safeBare { return value }
        var out = "\""
        for c in value {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs and carriage returns.
    func trimmingWhitespace() -> SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        let last = lastIndex(where: { !isSpace($0) })!
        return self[first...last]
    }
}
