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
        let filler = spec.filler   // a computed property: hoist
        var violations: [String] = []
        for sentence in sentences(corpus, corpus.train) + sentences(corpus, corpus.valid) {
            let text = sentence.joined()
            guard sentence.count == distance + 2 else { violations.append("length: \(text)"); continue }
            if !keys.contains(sentence[0]) { violations.append("key: \(text)") }
            if Array(sentence[1..<distance]) != filler { violations.append("filler: \(text)") }
            if sentence[distance] != sentence[0] { violations.append("not repeated d tokens later: \(text)") }
            if sentence[distance + 1] != "\n" { violations.append("no newline: \(text)") }
        }
        #expect(violations.isEmpty, "\(violations.prefix(3))")
        #expect(filler.count == distance - 1)
        for (f, symbol) in filler.enumerated() where f % 2 == 1 { #expect(symbol == "a") }
    }

    @Test func fillerOfSmallDistances() {
        #expect(SyntheticCorpusSpec(distance: 2).filler == ["b"])
        #expect(SyntheticCorpusSpec(distance: 6).filler.joined() == "badaf")
        #expect(SyntheticCorpusSpec(distance: 17).filler.joined() == "badafagakalamana")
        #expect(SyntheticCorpusSpec(distance: 20).filler.joined() == "babadabafabagabakab")   // two-consonant clock
    }

    /// The consonant clock: the last m consonants identify the slot, for the smallest order m that works.
    @Test(arguments: [16, 17, 18, 130, 131, 1000])
    func consonantWindowsAreUnique(distance: Int) {
        let consonants = SyntheticCorpusSpec(distance: distance).filler.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        #expect(consonants.count == distance / 2)
        let order = distance <= 17 ? 1 : distance <= 131 ? 2 : 3
        let windows = (0...(consonants.count - order)).map { consonants[$0..<($0 + order)].joined() }
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
        #expect(corpus.vocabulary.tokens == ["<unk>", "\n", "A", "B", "C", "D", "b", "d", "f", "g", "k", "l", "m", "n", "a"])
        #expect(corpus.vocabulary.endOfSentenceID == 1)
        #expect(corpus.describe == "builtin d=16: 15 symbols, 180 train / 18 valid / 18 test tokens")
        #expect(SyntheticCorpus.generate(SyntheticCorpusSpec(distance: 2, keys: 2, sentences: 10)).vocabulary.tokens
            == ["<unk>", "\n", "A", "B", "b"])
    }

    @Test func floorsMatchClosedForm() {
        let floors = SyntheticCorpus.floors(SyntheticCorpusSpec(distance: 16, keys: 4))
        #expect(abs(floors.withMemory - log(4) / 18) < 1e-12)
        #expect(abs(floors.withoutMemory - 2 * log(4) / 18) < 1e-12)
        #expect(abs(floors.withMemory - 0.077016) < 1e-6 && abs(floors.withoutMemory - 0.154033) < 1e-6)
    }

    /// Plug-in entropy estimates of a large sample agree with the closed-form floors: keys are
    /// uniform and independent of the previous sentence (with memory only the first key is
    /// surprising), and the repeated key is as surprising as a fresh one to a model that does not
    /// remember the first.
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
        let length = Double(spec.sentenceLength)
        let keys = all.map { $0[0] }
        // Each position's entropy given the sentence so far: only the first key varies.
        var perSentence = 0.0
        for position in 0..<spec.sentenceLength where position != spec.distance {
            perSentence += entropy(all.map { $0[position] })
        }
        #expect(all.allSatisfy { $0[spec.distance] == $0[0] })
        let floors = SyntheticCorpus.floors(spec)
        #expect(abs(perSentence / length - floors.withMemory) < 0.001)
        // The first key given the previous sentence's key: no information carried across sentences.
        let keyGivenPrevious = entropy(zip(keys.dropFirst(), keys).map { $0 + $1 }) - entropy(Array(keys.dropLast()))
        #expect(abs(keyGivenPrevious - log(4)) < 0.002)
        // Without memory the repeated key is a fresh uniform guess: its plug-in entropy is ln K.
        let recall = entropy(all.map { $0[spec.distance] })
        #expect(abs((perSentence + recall) / length - floors.withoutMemory) < 0.001)
    }

    /// Distractors: every vowel slot draws one of the first M vowels; consonants, keys and the recall
    /// are unchanged, and the floors gain (d - 1) / 2 slots of ln M each, matched by the text's entropy.
    @Test func distractorVowelsAreRandomAndPricedIntoTheFloors() {
        let spec = SyntheticCorpusSpec(distance: 8, keys: 4, sentences: 20_000, distractors: 3, seed: 4)
        let corpus = SyntheticCorpus.generate(spec)
        let all = sentences(corpus, corpus.train)
        let fixed = spec.filler
        var seen: [Int: Set<String>] = [:]
        for sentence in all {
            #expect(sentence.count == 10 && sentence[8] == sentence[0] && sentence[9] == "\n")
            for position in 1..<8 {
                if position % 2 == 0 { seen[position, default: []].insert(sentence[position]) }
                else if sentence[position] != fixed[position - 1] { Issue.record("consonant changed: \(sentence)"); break }
            }
        }
        #expect(seen.values.allSatisfy { $0 == ["a", "e", "i"] })
        #expect(corpus.vocabulary.tokens.suffix(3) == ["a", "e", "i"])
        let floors = SyntheticCorpus.floors(spec)
        let perSentence: Double = log(4.0) + 3 * log(3.0)
        #expect(abs(floors.withMemory - perSentence / 10) < 1e-12)
        #expect(abs(floors.withoutMemory - (perSentence + log(4.0)) / 10) < 1e-12)
        #expect(abs(floors.others - perSentence / 9) < 1e-12 && floors.recallWithoutMemory == log(4.0))
        // Plug-in entropy of each vowel slot: ln 3.
        for position in [2, 4, 6] {
            var counts: [String: Int] = [:]
            for sentence in all { counts[sentence[position], default: 0] += 1 }
            let entropy = counts.values.reduce(0.0) { $0 - Double($1) / 20_000 * log(Double($1) / 20_000) }
            #expect(abs(entropy - log(3.0)) < 0.002)
        }
    }

    @Test func invalidSpecsAreRefusedWithNamedKeys() {
        let cases: [(SyntheticCorpusSpec, String)] = [
            (SyntheticCorpusSpec(distance: 1), "builtin_distance"),
            (SyntheticCorpusSpec(keys: 27), "builtin_keys"),
            (SyntheticCorpusSpec(sentences: 0), "builtin_sentences"),
            (SyntheticCorpusSpec(distractors: 6), "builtin_distractors"),
            (SyntheticCorpusSpec(distance: 1_000, sentences: 10_000_000), "lower builtin_sentences"),
        ]
        for (spec, key) in cases {
            let error = #expect(throws: CorpusError.self) { try spec.validate() }
            #expect(error?.message.contains(key) == true, "\(spec)")
        }
        #expect(throws: Never.self) { try SyntheticCorpusSpec().validate() }
    }
}
