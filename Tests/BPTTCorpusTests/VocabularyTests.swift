import Foundation
import Testing
import BPTTCorpus

@Suite struct VocabularyTests {
    @Test func charVocabularyIsOrderedByCountThenToken() {
        let vocabulary = Vocabulary.build(from: "abcab\nbcb\n", level: .char, minCount: 1, maxSize: nil)
        // b:4, c:2, a:2 -> b, then a before c by token order; "\n" is always id 1.
        #expect(vocabulary.tokens == ["<unk>", "\n", "b", "a", "c"])
        #expect(vocabulary.unknownID == 0)
        #expect(vocabulary.endOfSentenceID == 1)
        #expect(vocabulary.count == 5)
    }

    @Test func wordVocabularyHasEndOfSentenceAndSkipsBlankLines() {
        let vocabulary = Vocabulary.build(from: "the cat\n\n  \nthe dog sat\n", level: .word, minCount: 1, maxSize: nil)
        #expect(vocabulary.tokens == ["<unk>", "<eos>", "the", "cat", "dog", "sat"])
        #expect(vocabulary.endOfSentenceID == 1)
    }

    @Test func rareTokensAndOverflowBecomeUnknown() {
        let text = "aaaa bbb cc d\naaaa bbb cc\n"
        let byCount = Vocabulary.build(from: text, level: .word, minCount: 2, maxSize: nil)
        #expect(byCount.tokens == ["<unk>", "<eos>", "aaaa", "bbb", "cc"])
        #expect(byCount.id(of: "d") == byCount.unknownID)
        let bySize = Vocabulary.build(from: "a a a b b c\n", level: .word, minCount: 1, maxSize: 3)
        #expect(bySize.tokens == ["<unk>", "<eos>", "a"])
        #expect(bySize.id(of: "b") == 0)
    }

    @Test func idsDoNotDependOnInsertionOrder() {
        let words = (0..<200).map { "w\($0 % 37)" }
        let forward = Vocabulary.build(from: words.joined(separator: " "), level: .word, minCount: 1, maxSize: nil)
        let backward = Vocabulary.build(from: words.reversed().joined(separator: " "), level: .word, minCount: 1, maxSize: nil)
        #expect(forward == backward)
    }

    @Test func charEncodeDecodeRoundTrip() {
        let text = "héllo, wörld ✓\nzweite Zeile\n"
        let vocabulary = Vocabulary.build(from: text, level: .char, minCount: 1, maxSize: nil)
        let ids = vocabulary.encode(text, level: .char)
        #expect(ids.count == text.unicodeScalars.count)
        #expect(vocabulary.decode(ids, level: .char) == text)
        #expect(vocabulary.encode("x", level: .char) == [vocabulary.unknownID])
    }

    @Test func wordEncodePutsEndOfSentenceOnlyAtLineBreaks() throws {
        let vocabulary = Vocabulary.build(from: "the cat sat\non the mat\n", level: .word, minCount: 1, maxSize: nil)
        let eos = try #require(vocabulary.endOfSentenceID)
        let the = vocabulary.id(of: "the"), cat = vocabulary.id(of: "cat")
        #expect(vocabulary.encode("the cat", level: .word) == [the, cat])
        #expect(vocabulary.encode("the  cat\n\nthe\n", level: .word) == [the, cat, eos, the, eos])
        #expect(vocabulary.encode("the zebra", level: .word) == [the, vocabulary.unknownID])
        let ids = vocabulary.encode("the cat sat\non the mat", level: .word)
        #expect(vocabulary.decode(ids, level: .word) == "the cat sat\non the mat")
        #expect(vocabulary.decode([the, eos, cat, eos], level: .word) == "the\ncat\n")
    }

    @Test func codableRoundTripRebuildsLookup() throws {
        let vocabulary = Vocabulary.build(from: "one two two\n", level: .word, minCount: 1, maxSize: nil)
        let data = try JSONEncoder().encode(vocabulary)
        let decoded = try JSONDecoder().decode(Vocabulary.self, from: data)
        #expect(decoded == vocabulary)
        #expect(decoded.id(of: "two") == vocabulary.id(of: "two"))
        #expect(decoded.id(of: "three") == decoded.unknownID)
    }

    @Test func codableRefusesSpecialIdOutsideVocabulary() {
        let json = #"{"tokens":["<unk>","a"],"unknownID":5}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Vocabulary.self, from: Data(json.utf8)) }
    }
}
