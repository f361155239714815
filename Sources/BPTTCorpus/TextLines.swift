/// How text is cut into lines and words. Lines end at "\n" ("\r\n" counts as one line break);
/// words are maximal runs of non-whitespace scalars.
enum TextLines {
    typealias Line = Substring.UnicodeScalarView

    static func split(_ text: String) -> [Line] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.last == "\r" ? line.dropLast() : line
        }
    }

    static func isBlank(_ line: Line) -> Bool {
        line.allSatisfy(isWhitespace)
    }

    /// Unicode White_Space, with a fast path for ASCII (the property lookup is slow).
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        return scalar.properties.isWhitespace
    }

    /// Calls `body` with each word of `line`, without building an array of them.
    static func forEachWord(in line: Line, _ body: (Substring) -> Void) {
        let text = Substring(line)
        let scalars = text.unicodeScalars
        var wordStart: String.Index?
        var index = scalars.startIndex
        while index < scalars.endIndex {
            if isWhitespace(scalars[index]) {
                if let start = wordStart { body(text[start..<index]); wordStart = nil }
            } else if wordStart == nil {
                wordStart = index
            }
            index = scalars.index(after: index)
        }
        if let start = wordStart { body(text[start..<scalars.endIndex]) }
    }

    static func string(_ scalars: Line) -> String { String(Substring(scalars)) }

    static func words(of line: Line) -> [Line] {
        line.split(whereSeparator: isWhitespace)
    }
}

/// Counts tokens the way the loader sees them: blank lines are skipped; at char level every kept
/// line contributes its scalars and one "\n"; at word level its words (and no `<eos>`: that is a
/// special token, always present).
enum TokenCounter {
    static func count(_ text: String, level: TokenLevel) -> [String: Int] {
        var raw = RawTokenizer(level: level)
        let stream = raw.tokenize(text)
        var counts: [String: Int] = [:]
        for id in stream.tokens { counts[raw.texts[Int(id)], default: 0] += 1 }
        return counts
    }
}
