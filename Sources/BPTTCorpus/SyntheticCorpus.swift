import Foundation
import BPTTNumerics

/// The built-in corpus: a small synthetic language, generated in code, with one dependency over
/// exactly d tokens, so that truncated BPTT visibly fails when its reach is shorter than d.
///
/// **The language.** Every sentence has d + 2 characters:
///
///     key · filler (d - 1 characters) · the same key · "\n"        e.g. d = 6: "CbadafC\n"
///
/// The key is one of K uppercase letters (A, B, …), uniform and independent of everything else.
/// The filler is the same in every sentence: consonants alternating with "a". The consonants
/// follow a de Bruijn sequence over b d f g k l m n, so the last few consonants tell where in the
/// sentence the text is (the last one suffices up to d = 17, two up to d = 131): a clock that
/// needs only short context.
///
/// So every character except the repeated key is predictable from the last few characters
/// (a first key follows "\n" and is a fresh guess; the newline follows a repeated key), and the
/// repeated key is predictable only from the first key, d characters earlier: the output at the
/// step that reads the last filler character must carry what was read d - 1 steps before. Errors
/// from that output reach the key's input only if BPTT covers a window of d steps, which
/// truncation with k1 + k2 < d never does.
///
/// The filler is free of randomness by default. With `distractors` = M > 1 every vowel slot instead
/// draws one of M vowels (a, e, i, …) at random: unpredictable letters that shake the hidden state and
/// cost ln M each to any model. (Measured with `bptt-lab study truncation`: they did not stop Adam or
/// SGD from learning the key at a reach below d, so the default keeps the fixed filler.)
///
/// **The floors** (nats per predicted character, averaged over a sentence's d + 2 predictions;
/// v = (d - 1) / 2 vowel slots, each ln M with distractors, 0 without):
///
///     with memory    (reach >= d):  (ln K + v ln M) / (d + 2)
///     without memory (reach <  d):  (2 ln K + v ln M) / (d + 2)
///
/// With memory the only surprises are the first key (ln K) and the distractors: this is the entropy
/// rate of the generator, so no model can do better. Without the first key the repeated key costs
/// another ln K, as it is uniform given everything else in the text. For d = 16, K = 4, M = 1: 0.0770
/// and 0.1540 nats (0.111 and 0.222 bits) per character. The recall alone costs ln K without memory
/// and 0 with it: the recall loss (`Corpus.recallTargets`) is the direct measure of the key.
public enum SyntheticCorpus {
    /// The corpus of `spec` (which must be valid, see `SyntheticCorpusSpec.validate`). Validation
    /// and test text come from their own random streams, so they do not change with `sentences`.
    public static func generate(_ spec: SyntheticCorpusSpec) -> Corpus {
        precondition((try? spec.validate()) != nil, "invalid built-in corpus parameters: \(spec)")
        let vocabulary = vocabulary(spec)
        let fillerIDs = spec.filler.map { vocabulary.id(of: $0) }
        let vowelIDs = spec.vowels.map { vocabulary.id(of: $0) }
        let keyIDs = spec.keySymbols.map { vocabulary.id(of: $0) }
        let newline = vocabulary.id(of: "\n")

        func stream(sentences: Int, substream: UInt64) -> TokenStream {
            var random = SplitMix64(seed: spec.seed, stream: substream)
            var tokens: [Int32] = []
            tokens.reserveCapacity(sentences * spec.sentenceLength)
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(sentences)
            for _ in 0..<sentences {
                let start = tokens.count
                let key = keyIDs[random.below(keyIDs.count)]
                tokens.append(key)
                if vowelIDs.count == 1 {
                    tokens.append(contentsOf: fillerIDs)
                } else {
                    for (slot, id) in fillerIDs.enumerated() {
                        tokens.append(slot % 2 == 1 ? vowelIDs[random.below(vowelIDs.count)] : id)
                    }
                }
                tokens.append(key)
                tokens.append(newline)
                ranges.append(start..<tokens.count)
            }
            return TokenStream(tokens: tokens, sentences: ranges)
        }

        var corpus = Corpus(name: "builtin", source: "builtin", level: .char, vocabulary: vocabulary,
                      train: stream(sentences: spec.sentences, substream: 1),
                      valid: stream(sentences: spec.validSentences, substream: 2),
                      test: stream(sentences: spec.validSentences, substream: 3),
                      hasSentences: true, dependencyDistance: spec.distance)
        corpus.lossFloors = floors(spec)
        return corpus
    }

    /// The exact expected losses in nats per predicted token (derivation above): `withMemory`
    /// is reachable only when BPTT spans d steps; `withoutMemory` is where the loss stalls otherwise.
    public static func floors(_ spec: SyntheticCorpusSpec) -> LossFloors {
        let keyEntropy = log(Double(spec.keys))
        let distractorEntropy = Double(spec.vowelSlots) * log(Double(spec.distractors))
        let length = Double(spec.sentenceLength)
        return LossFloors(withMemory: (keyEntropy + distractorEntropy) / length,
                          withoutMemory: (2 * keyEntropy + distractorEntropy) / length,
                          recallWithoutMemory: keyEntropy,
                          others: (keyEntropy + distractorEntropy) / (length - 1))
    }

    /// Ids: `<unk>`, "\n", the keys, the consonants used, the vowels used.
    static func vocabulary(_ spec: SyntheticCorpusSpec) -> Vocabulary {
        let used = Set(spec.filler).union(spec.distance > 2 ? spec.vowels : [])
        let letters = (SyntheticGrammar.consonants + SyntheticGrammar.vowels).filter(used.contains)
        return Vocabulary(tokens: [Vocabulary.unknownToken, "\n"] + spec.keySymbols + letters,
                          unknownID: 0, endOfSentenceID: 1)
    }
}
