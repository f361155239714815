/// A token stream with sentence boundaries.
///
/// Char level: a sentence is a line including its "\n" (the newline is the end token; a last line
/// without one gets it). Word level: the line's words followed by `<eos>`. Blank lines are not
/// sentences and add no tokens, so `sentences` covers `tokens` exactly, in order.
public struct TokenStream: Sendable, Equatable {
    public var tokens: [Int32]
    public var sentences: [Range<Int>]

    public init(tokens: [Int32], sentences: [Range<Int>]) {
        self.tokens = tokens
        self.sentences = sentences
    }

    public static let empty = TokenStream(tokens: [], sentences: [])

    public var count: Int { tokens.count }
    public var isEmpty: Bool { tokens.isEmpty }
    public var longestSentence: Int { sentences.map(\.count).max() ?? 0 }

    /// The same stream with every token replaced through `table` (ids outside it become `fallback`).
    func remapped(_ table: [Int32], fallback: Int32) -> TokenStream {
        TokenStream(tokens: tokens.map { table.indices.contains(Int($0)) ? table[Int($0)] : fallback },
                    sentences: sentences)
    }

    /// Tokens `range` of the stream, with the sentences clipped to it.
    func slice(_ range: Range<Int>) -> TokenStream {
        let clipped = sentences.compactMap { sentence -> Range<Int>? in
            let part = sentence.clamped(to: range)
            return part.isEmpty ? nil : (part.lowerBound - range.lowerBound)..<(part.upperBound - range.lowerBound)
        }
        return TokenStream(tokens: Array(tokens[range]), sentences: clipped)
    }

    /// The sentences at `indices` (in that order), concatenated.
    func selecting(sentencesAt indices: [Int]) -> TokenStream {
        var tokens: [Int32] = []
        var sentences: [Range<Int>] = []
        for index in indices {
            let sentence = self.sentences[index]
            let start = tokens.count
            tokens.append(contentsOf: self.tokens[sentence])
            sentences.append(start..<tokens.count)
        }
        return TokenStream(tokens: tokens, sentences: sentences)
    }
}
