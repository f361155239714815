import Foundation
import Testing
import BPTTCorpus

@Suite struct CorpusLoaderTests {
    let noHoldOut = CorpusOptions(level: .char, validFraction: 0, testFraction: 0)

    private func text(_ corpus: Corpus, _ stream: TokenStream) -> String {
        corpus.vocabulary.decode(stream.tokens, level: corpus.level)
    }

    @Test func charLevelSentencesAreNonBlankLinesWithNewline() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("a.txt", "ab\r\n\n   \ncde\nf")
        let corpus = try CorpusLoader.load(train: path, valid: nil, test: nil, options: noHoldOut)
        #expect(text(corpus, corpus.train) == "ab\ncde\nf\n")
        #expect(corpus.train.sentences == [0..<3, 3..<7, 7..<9])
        #expect(corpus.hasSentences)
        #expect(corpus.name == "a.txt")
        #expect(corpus.source == path)
        #expect(corpus.dependencyDistance == nil)
    }

    /// A folder is the text of its .md and .txt files in name order, each ending a line; other files
    /// and subfolders are left out, and a folder without such files is refused by name.
    @Test func aFolderReadsAsItsTextFilesInNameOrder() throws {
        let dir = TemporaryDirectory()
        _ = dir.file("b.txt", "second")
        _ = dir.file("a.md", "first\n")
        _ = dir.file("c.swift", "left out\n")
        let corpus = try CorpusLoader.load(train: dir.path, valid: nil, test: nil, options: noHoldOut)
        #expect(text(corpus, corpus.train) == "first\nsecond\n")
        #expect(corpus.train.sentences.count == 2)
        let empty = TemporaryDirectory()
        _ = empty.file("notes.swift", "x\n")
        let refused = #expect(throws: CorpusError.self) {
            try CorpusLoader.load(train: empty.path, valid: nil, test: nil, options: noHoldOut)
        }
        #expect(refused?.message.contains("holds no .md or .txt file") == true, "\(refused?.message ?? "")")
    }

    @Test func wordLevelEndsEachLineWithEndOfSentence() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("w.txt", "the cat  sat\n\n\tthe dog\n")
        let corpus = try CorpusLoader.load(train: path, valid: nil, test: nil,
                                           options: CorpusOptions(level: .word, validFraction: 0, testFraction: 0))
        let v = corpus.vocabulary
        #expect(corpus.train.tokens == ["the", "cat", "sat", "<eos>", "the", "dog", "<eos>"].map(v.id(of:)))
        #expect(corpus.train.sentences == [0..<4, 4..<7])
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let dir = TemporaryDirectory()
        let path = dir.bytes("bom.txt", [0xEF, 0xBB, 0xBF] + Array("hi\n".utf8))
        let corpus = try CorpusLoader.load(train: path, valid: nil, test: nil, options: noHoldOut)
        #expect(text(corpus, corpus.train) == "hi\n")
    }

    @Test func heldOutLinesAreInterleavedDeterministically() throws {
        let dir = TemporaryDirectory()
        // Line i has i words, so a sentence's length (minus <eos>) names its line.
        let path = dir.file("lines.txt", (1...40).map { String(repeating: "x ", count: $0) }.joined(separator: "\n"))
        let corpus = try CorpusLoader.load(train: path, valid: nil, test: nil, options: CorpusOptions(level: .word))
        func lineNumbers(_ stream: TokenStream) -> [Int] { stream.sentences.map { $0.count - 1 } }
        #expect(lineNumbers(corpus.valid) == [5, 15, 25, 35])
        #expect(lineNumbers(corpus.test) == [10, 20, 30, 40])
        #expect(lineNumbers(corpus.train) == (1...40).filter { $0 % 5 != 0 })
    }

    @Test func vocabularyComesFromTrainingPartOnly() throws {
        let dir = TemporaryDirectory()
        let lines = (1...10).map { $0 == 5 ? "aZa" : "aba" }   // line 5 is held out for validation
        let path = dir.file("v.txt", lines.joined(separator: "\n"))
        let corpus = try CorpusLoader.load(train: path, valid: nil, test: nil, options: CorpusOptions(level: .char))
        #expect(!corpus.vocabulary.contains("Z"))
        #expect(text(corpus, corpus.valid) == "a<unk>a\n")
    }

    @Test func unevenFractionsKeepExactCounts() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("n.txt", (0..<1_000).map { "s\($0)" }.joined(separator: "\n"))
        let options = CorpusOptions(level: .word, validFraction: 0.05, testFraction: 0.15)
        let corpus = try CorpusLoader.load(train: path, valid: nil, test: nil, options: options)
        #expect(corpus.valid.sentences.count == 50)
        #expect(corpus.test.sentences.count == 150)
        #expect(corpus.train.sentences.count == 800)
    }

    @Test func fewLinesFallBackToTokenTail() throws {
        let dir = TemporaryDirectory()
        let body = String(repeating: "abcdefghij", count: 10)   // one line of 100 chars + "\n"
        let path = dir.file("one.txt", body)
        let corpus = try CorpusLoader.load(train: path, valid: nil, test: nil, options: CorpusOptions(level: .char))
        #expect(corpus.train.count == 81)
        #expect(corpus.valid.count == 10)
        #expect(corpus.test.count == 10)
        #expect(text(corpus, corpus.train) + text(corpus, corpus.valid) + text(corpus, corpus.test) == body + "\n")
        #expect(!corpus.hasSentences)
    }

    @Test func separateValidAndTestFilesUseTrainingVocabulary() throws {
        let dir = TemporaryDirectory()
        let train = dir.file("train.txt", "aab\nab\n")
        let valid = dir.file("valid.txt", "abz\n")
        let test = dir.file("test.txt", "b\n")
        let corpus = try CorpusLoader.load(train: train, valid: valid, test: test, options: CorpusOptions(level: .char))
        #expect(corpus.train.count == 7)   // nothing held out when both files are given
        #expect(text(corpus, corpus.valid) == "ab<unk>\n")
        #expect(text(corpus, corpus.test) == "b\n")
    }

    @Test func onlyValidFileGivenStillHoldsOutTest() throws {
        let dir = TemporaryDirectory()
        let train = dir.file("train.txt", (1...20).map { "l\($0)" }.joined(separator: "\n"))
        let valid = dir.file("valid.txt", "l1\n")
        let corpus = try CorpusLoader.load(train: train, valid: valid, test: "", options: CorpusOptions(level: .word))
        #expect(corpus.valid.sentences.count == 1)
        #expect(corpus.test.sentences.count == 2)
        #expect(corpus.train.sentences.count == 18)
    }

    @Test func describeIsOneLine() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("d.txt", String(repeating: "hello world\n", count: 200))
        let corpus = try CorpusLoader.load(train: path, valid: nil, test: nil, options: CorpusOptions(level: .char))
        #expect(corpus.describe == "d.txt (char): 10 symbols, 1.9k train / 240 valid / 240 test tokens")
    }

    // MARK: bad input

    @Test func missingFileIsNamed() {
        let error = #expect(throws: CorpusError.self) {
            try CorpusLoader.load(train: "/nonexistent/x.txt", valid: nil, test: nil, options: noHoldOut)
        }
        #expect(error?.kind == .missingFile)
        #expect(error?.message.contains("/nonexistent/x.txt") == true)
    }

    @Test func missingValidFileIsNamed() {
        let dir = TemporaryDirectory()
        let train = dir.file("t.txt", "abc\n")
        let error = #expect(throws: CorpusError.self) {
            try CorpusLoader.load(train: train, valid: dir.path + "/nope.txt", test: nil, options: noHoldOut)
        }
        #expect(error?.file == dir.path + "/nope.txt")
    }

    @Test func directoryIsUnreadable() {
        let dir = TemporaryDirectory()
        let error = #expect(throws: CorpusError.self) {
            try CorpusLoader.load(train: dir.path, valid: nil, test: nil, options: noHoldOut)
        }
        #expect(error?.kind == .unreadableFile)
        #expect(error?.message.contains(dir.path) == true)
    }

    @Test(arguments: ["", "\n\n  \n\t\n"])
    func emptyOrBlankFileIsRefused(content: String) {
        let dir = TemporaryDirectory()
        let path = dir.file("empty.txt", content)
        let error = #expect(throws: CorpusError.self) {
            try CorpusLoader.load(train: path, valid: nil, test: nil, options: noHoldOut)
        }
        #expect(error?.kind == .emptyFile)
        #expect(error?.message.contains("empty.txt") == true)
    }

    @Test func invalidUTF8NamesByteOffset() {
        let dir = TemporaryDirectory()
        let path = dir.bytes("latin1.txt", Array("caf".utf8) + [0xE9] + Array(" au lait\n".utf8))
        let error = #expect(throws: CorpusError.self) {
            try CorpusLoader.load(train: path, valid: nil, test: nil, options: noHoldOut)
        }
        #expect(error?.kind == .invalidUTF8(byteOffset: 3))
        #expect(error?.message.contains("latin1.txt: invalid UTF-8 at byte offset 3") == true)
    }

    @Test func tooShortToHoldOutIsRefused() {
        let dir = TemporaryDirectory()
        let path = dir.file("tiny.txt", "abc")
        let error = #expect(throws: CorpusError.self) {
            try CorpusLoader.load(train: path, valid: nil, test: nil, options: CorpusOptions(level: .char))
        }
        #expect(error?.message.contains("tiny.txt: too short") == true)
    }

    @Test func requireTrainTokensNamesFileAndPurpose() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("short.txt", "abcdef\n")
        let corpus = try CorpusLoader.load(train: path, valid: nil, test: nil, options: noHoldOut)
        try corpus.requireTrainTokens(7, for: "anything")
        let error = #expect(throws: CorpusError.self) {
            try corpus.requireTrainTokens(33, for: "stream mode with batch 16")
        }
        #expect(error?.kind == .tooShort(have: 7, need: 33))
        #expect(error?.message.contains("short.txt") == true)
        #expect(error?.message.contains("stream mode with batch 16") == true)
    }

    @Test func vocabularyTooLargeIsRefused() {
        let dir = TemporaryDirectory()
        let path = dir.file("many.txt", (0..<500).map { "w\($0)" }.joined(separator: " "))
        var options = CorpusOptions(level: .word, validFraction: 0, testFraction: 0)
        options.maxVocabularySize = 100
        let error = #expect(throws: CorpusError.self) {
            try CorpusLoader.load(train: path, valid: nil, test: nil, options: options)
        }
        #expect(error?.kind == .vocabularyTooLarge(size: 502, limit: 100))
        #expect(error?.message.contains("would not fit") == true)
        options.maxSize = 50   // capping the vocabulary makes it fit
        #expect(throws: Never.self) { try CorpusLoader.load(train: path, valid: nil, test: nil, options: options) }
    }

    @Test func invalidOptionsAreRefused() {
        let dir = TemporaryDirectory()
        let path = dir.file("x.txt", "abc\n")
        for options in [CorpusOptions(minCount: 0), CorpusOptions(validFraction: 0.6, testFraction: 0.4),
                        CorpusOptions(validFraction: -0.1)] {
            let error = #expect(throws: CorpusError.self) {
                try CorpusLoader.load(train: path, valid: nil, test: nil, options: options)
            }
            #expect(error?.kind == .invalidOptions)
        }
    }
}
