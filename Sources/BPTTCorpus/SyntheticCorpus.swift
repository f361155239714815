import Foundation

/// The built-in corpus: a small synthetic language, generated in code, with one dependency over
/// exactly d tokens, so that truncated BPTT visibly fails when its reach is shorter than d.
///
/// **The language.** Every sentence has d + 2 characters:
///
///     key · filler (d - 1 characters) · the same key · "\n"         e.g. d = 6: "CbadofC\n"
///
/// The key is one of K uppercase letters (A, B, …), uniform and independent of everything else.
/// The filler alternates consonant and vowel, starting with a consonant. The consonants are
/// fixed: slot j always holds the j-th letter of a de Bruijn sequence over b d f g k l m n, so
/// the last few consonants tell where in the sentence the text is (one consonant suffices up to
/// d = 17). Each vowel is a or o with probability 1/2. Sentences are independent.
///
/// So every character except the repeated key is predictable from the last few characters
/// (a first key follows "\n" and is a fresh guess; the newline follows a repeated key), and the
/// repeated key is predictable only from the first key, d characters earlier: the model's output
/// at the step that reads the last filler character must carry what it read d - 1 steps before.
/// Errors from that output reach the key's input only if BPTT covers a window of d steps, which
/// truncation with k1 + k2 < d never does.
///
/// **The floors** (nats per predicted character, averaged over a sentence's d + 2 predictions;
/// v = floor((d - 1) / 2) is the number of vowels):
///
///     with memory    (reach >= d):  (ln K + v ln 2) / (d + 2)
///     without memory (reach <  d):  (2 ln K + v ln 2) / (d + 2)
///
/// With memory the only surprises are the first key (ln K) and the vowels (ln 2 each): this is
/// the entropy rate of the generator, so no model can do better. Without the key the repeated
/// key costs another ln K, as it is uniform given everything else in the text. For d = 16, K = 4:
/// 0.3466 and 0.4236 nats (0.500 and 0.611 bits) per character.
public enum SyntheticCorpus {
    /// The corpus of `spec` (which must be valid, see `SyntheticCorpusSpec.validate`). Validation
    /// and test text come from their own random streams, so they do not change with `sentences`.
    public static func generate(_ spec: SyntheticCorpusSpec) -> Corpus {
        precondition((try? spec.validate()) != nil, "invalid built-in corpus parameters: \(spec)")
        let vocabulary = vocabulary(spec)
        let consonantIDs = spec.consonantTemplate.map { vocabulary.id(of: $0) }
        let vowelIDs = SyntheticGrammar.vowels.map { vocabulary.id(of: $0) }
        let keyIDs = spec.keySymbols.map { vocabulary.id(of: $0) }
        let newline = vocabulary.id(of: "\n")

        func stream(sentences: Int, substream: UInt64) -> TokenStream {
            var random = SeededRandom(seed: spec.seed, stream: substream)
            var tokens: [Int32] = []
            tokens.reserveCapacity(sentences * spec.sentenceLength)
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(sentences)
            for _ in 0..<sentences {
                let start = tokens.count
                let key = keyIDs[random.below(keyIDs.count)]
                tokens.append(key)
                for f in 0..<(spec.distance - 1) {
                    tokens.append(f % 2 == 0 ? consonantIDs[f / 2] : vowelIDs[random.below(vowelIDs.count)])
                }
                tokens.append(key)
                tokens.append(newline)
                ranges.append(start..<tokens.count)
            }
            return TokenStream(tokens: tokens, sentences: ranges)
        }

        return Corpus(name: "builtin", source: "builtin", level: .char, vocabulary: vocabulary,
                      train: stream(sentences: spec.sentences, substream: 1),
                      valid: stream(sentences: spec.validSentences, substream: 2),
                      test: stream(sentences: spec.validSentences, substream: 3),
                      hasSentences: true, dependencyDistance: spec.distance)
    }

    /// The exact expected losses in nats per predicted token (derivation above): `withMemory`
    /// is reachable only when BPTT spans d steps; `withoutMemory` is where the loss stalls otherwise.
    public static func floors(_ spec: SyntheticCorpusSpec) -> (withMemory: Double, withoutMemory: Double) {
        let keyEntropy = log(Double(spec.keys))
        let vowelEntropy = Double((spec.distance - 1) / 2) * log(Double(SyntheticGrammar.vowels.count))
        let length = Double(spec.sentenceLength)
        return ((keyEntropy + vowelEntropy) / length, (2 * keyEntropy + vowelEntropy) / length)
    }

    /// Ids: `<unk>`, "\n", the keys, the consonants used, the vowels.
    static func vocabulary(_ spec: SyntheticCorpusSpec) -> Vocabulary {
        let consonants = SyntheticGrammar.consonants.filter(spec.consonantTemplate.contains)
        return Vocabulary(tokens: [Vocabulary.unknownToken, "\n"] + spec.keySymbols + consonants + SyntheticGrammar.vowels,
                          unknownID: 0, endOfSentenceID: 1)
    }
}
