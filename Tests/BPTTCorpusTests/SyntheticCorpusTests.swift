import Foundation
import Testing
import BPTTCorpus

@Suite struct SyntheticCorpusTests {
    private func sentences(_ corpus: Corpus, _ stream: TokenStream) -> [[String]] {
        stream.sentences.map { stream.tokens[$0].map { corpus.vocabulary.tokens[Int($0)] } }
    }

    @Test(arguments: [2, 3, 6, 16, 17, 18, 41, 140])
    func sentencesFollowTheGrammar(distance: Int) {
        let spec = SyntheticCorpusSpec(distance: distance, keys: 5, sentences: 200, seed: 3)
        let corpus = SyntheticCorpus.generate(spec)
        let keys = Set(spec.keySymbols)
        #expect(spec.keySymbols == ["A", "B", "C", "D", "E"])
        #expect(corpus.level == .char && corpus.hasSentences && corpus.dependencyDistance == distance)
        #expect(corpus.train.sentences.count == 200 && corpus.valid.sentences.count == 20 && corpus.test.sentences.count == 20)
        // Collect violations first: one #expect per character would dominate the test's time.
        var violations: [String] = []
        let template = spec.consonantTemplate, vowels = spec.vowels   // computed properties: hoist
        for sentence in sentences(corpus, corpus.train) + sentences(corpus, corpus.valid) {
            let text = sentence.joined()
            guard sentence.count == distance + 2 else { violations.append("length: \(text)"); continue }
            if !keys.contains(sentence[0]) { violations.append("key: \(text)") }
            if sentence[distance] != sentence[0] { violations.append("not repeated d tokens later: \(text)") }
            if sentence[distance + 1] != "\n" { violations.append("no newline: \(text)") }
            for f in 0..<(distance - 1) {
                let symbol = sentence[1 + f]
                let ok = f % 2 == 0 ? symbol == template[f / 2] : vowels.contains(symbol)
                if !ok { violations.append("filler \(f): \(text)") }
            }
        }
        #expect(violations.isEmpty, "\(violations.prefix(3))")
    }

    /// The consonant clock: the last m consonants identify the slot, for the smallest order m that works.
    @Test(arguments: [16, 17, 18, 130, 131, 1000])
    func consonantWindowsAreUnique(distance: Int) {
        let template = SyntheticCorpusSpec(distance: distance).consonantTemplate
        #expect(template.count == distance / 2)
        let order = distance <= 17 ? 1 : distance <= 131 ? 2 : 3
        let windows = (0...(template.count - order)).map { template[$0..<($0 + order)].joined() }
        #expect(Set(windows).count == windows.count)
    }

    @Test func generationIsDeterministicAndSeeded() {
        let spec = SyntheticCorpusSpec(distance: 8, keys: 4, sentences: 100, seed: 11)
        let a = SyntheticCorpus.generate(spec), b = SyntheticCorpus.generate(spec)
        #expect(a.train == b.train && a.valid == b.valid && a.vocabulary == b.vocabulary)
        var other = spec
        other.seed = 12
        #expect(SyntheticCorpus.generate(other).train != a.train)
        // Validation text has its own random stream: more training sentences do not change it.
        var bigger = spec
        bigger.sentences = 1_000
        let grown = SyntheticCorpus.generate(bigger)
        #expect(Array(grown.train.tokens.prefix(a.train.count)) == a.train.tokens)
        #expect(Array(grown.valid.tokens.prefix(a.valid.count)) == a.valid.tokens)
    }

    @Test func vocabularyIsSmallAndFixed() {
        let corpus = SyntheticCorpus.generate(SyntheticCorpusSpec(distance: 16, keys: 4, sentences: 10, seed: 1))
        #expect(corpus.vocabulary.tokens == ["<unk>", "\n", "A", "B", "C", "D", "b", "d", "f", "g", "k", "l", "m", "n", "a", "o"])
        #expect(corpus.vocabulary.endOfSentenceID == 1)
        #expect(corpus.describe == "builtin d=16: 16 symbols, 180 train / 18 valid / 18 test tokens")
    }

    @Test func floorsMatchClosedForm() {
        let floors = SyntheticCorpus.floors(SyntheticCorpusSpec(distance: 16, keys: 4))
        #expect(abs(floors.withMemory - (log(4) + 7 * log(2)) / 18) < 1e-12)
        #expect(abs(floors.withoutMemory - (2 * log(4) + 7 * log(2)) / 18) < 1e-12)
        #expect(abs(floors.withMemory - 0.34657) < 1e-5 && abs(floors.withoutMemory - 0.42358) < 1e-5)
    }

    /// Plug-in entropy estimates of a large sample agree with the closed-form floors, and the
    /// repeated key carries no information about the filler (it is unpredictable without the key).
    @Test func empiricalEntropyMatchesFloors() {
        let spec = SyntheticCorpusSpec(distance: 9, keys: 4, sentences: 20_000, seed: 5)
        let corpus = SyntheticCorpus.generate(spec)
        let all = sentences(corpus, corpus.train)
        func entropy<T: Hashable>(_ values: [T]) -> Double {
            var counts: [T: Int] = [:]
            for value in values { counts[value, default: 0] += 1 }
            let n = Double(values.count)
            return counts.values.reduce(0) { $0 - Double($1) / n * log(Double($1) / n) }
        }
        /// H(Y | X) from pairs.
        func conditionalEntropy(_ pairs: [(String, String)]) -> Double {
            entropy(pairs.map { $0.0 + "|" + $0.1 }) - entropy(pairs.map(\.0))
        }
        let length = Double(spec.sentenceLength)
        var perSentence = 0.0   // H of each position given the earlier ones, as the generator defines them
        for position in 0..<spec.sentenceLength {
            if position == spec.distance {
                #expect(all.allSatisfy { $0[position] == $0[0] })
                continue
            }
            perSentence += entropy(all.map { $0[position] })
        }
        let floors = SyntheticCorpus.floors(spec)
        #expect(abs(perSentence / length - floors.withMemory) < 0.002)
        // Without the first key: the repeated key given all the filler before it.
        let filler = all.map { $0[1..<spec.distance].joined() }
        let recallGivenFiller = conditionalEntropy(zip(filler, all.map { $0[spec.distance] }).map { ($0, $1) })
        #expect(abs((perSentence + recallGivenFiller) / length - floors.withoutMemory) < 0.002)
    }

    @Test func invalidSpecsAreRefusedWithNamedKeys() {
        let cases: [(SyntheticCorpusSpec, String)] = [
            (SyntheticCorpusSpec(distance: 1), "builtin_distance"),
            (SyntheticCorpusSpec(keys: 27), "builtin_keys"),
            (SyntheticCorpusSpec(sentences: 0), "builtin_sentences"),
            (SyntheticCorpusSpec(distance: 1_000, sentences: 10_000_000), "lower builtin_sentences"),
        ]
        for (spec, key) in cases {
            let error = #expect(throws: CorpusError.self) { try spec.validate() }
            #expect(error?.message.contains(key) == true, "\(spec)")
        }
        #expect(throws: Never.self) { try SyntheticCorpusSpec().validate() }
    }
}
