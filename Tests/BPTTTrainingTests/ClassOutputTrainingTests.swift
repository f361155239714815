import Foundation
import Testing
import BPTTNumerics
import BPTTCorpus
@testable import BPTTTraining

/// `output = classes` through the trainer: the keys, training, eval, sampling, the status line, and
/// checkpoints (exact resume, eval from the checkpoint alone, version-1 files).
@Suite struct ClassOutputTrainingTests {
    /// A small word language: "the ADJ NOUN VERB the NOUN ." with Zipf-like word choice, so the
    /// binning gives one-word classes (frequent words) and shared ones.
    static let text: String = {
        var generator = SeededGenerator(seed: 5)
        func pick(_ words: [String]) -> String {
            // P(i) ~ 1 / (i + 1)
            let weights = words.indices.map { 1 / Double($0 + 1) }
            var u = generator.nextUnitDouble() * weights.reduce(0, +)
            for (i, w) in weights.enumerated() { u -= w; if u <= 0 { return words[i] } }
            return words.last!
        }
        let nouns = ["cat", "dog", "bird", "fish", "horse", "mouse", "lion", "bear", "wolf", "fox", "owl", "frog"]
        let verbs = ["sees", "likes", "chases", "hears", "finds", "follows"]
        let adjectives = ["big", "small", "old", "young", "red"]
        return (0..<1500).map { _ in
            "the \(pick(adjectives)) \(pick(nouns)) \(pick(verbs)) the \(pick(nouns)) ."
        }.joined(separator: "\n") + "\n"
    }()

    static let corpusPath: String = {
        let path = NSTemporaryDirectory() + "bptt-lab-words-\(UUID().uuidString).txt"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }()

    static let blocks = Truncation.blocks(k1: 6, k2: 3)

    static func config(output: TrainingConfig.OutputLayer = .classes, truncation: Truncation = blocks) -> TrainingConfig {
        var c = TrainingConfig()
        c.corpus = corpusPath
        c.level = .word
        c.output = output
        c.classes = 6
        c.hidden = 16
        c.batch = 4
        c.truncation = truncation
        c.optimizer = .adam
        c.learningRate = 0.01
        c.validateEvery = 9
        c.sampleEvery = 0
        return c
    }

    static func trainer(_ config: TrainingConfig) throws -> Trainer {
        try Trainer(corpus: config.loadCorpus(), config: config)
    }

    @Test func keysParseAndBadValuesNameFileAndLine() throws {
        let config = try ConfigLoader.parse(text: "corpus = t.txt\nlevel = word\noutput = classes\nclasses = 50\n", file: "w.cfg")
        #expect(config.output == .classes && config.classes == 50)
        #expect(TrainingConfig().output == .full && TrainingConfig().classes == 100)
        for (line, reason) in [("output = class", "key 'output' expects one of full, classes, got 'class'"),
                               ("classes = 0", "key 'classes' expects an integer in 1...1000000, got '0'")] {
            #expect(throws: ConfigError.self) { try ConfigLoader.parse(text: "# x\n" + line + "\n", file: "w.cfg") }
            do { _ = try ConfigLoader.parse(text: "# x\n" + line + "\n", file: "w.cfg") } catch let error as ConfigError {
                #expect(error.line == 2)
                #expect(error.message.hasPrefix("w.cfg:2: " + reason), "\(error.message)")
            }
        }
    }

    /// Bad combinations are one line naming the key, before any training.
    @Test func classesAtCharLevelOrBeyondTheVocabularyAreRefusedByName() throws {
        var char = Self.config()
        char.level = .char
        let charError = try #require(throws: LabError.self) { try Self.trainer(char) }
        #expect(charError.message.hasPrefix("output = classes needs level = word"))
        var tooMany = Self.config()
        let words = try tooMany.loadCorpus().vocabulary.count
        tooMany.classes = words + 1
        let tooManyError = try #require(throws: LabError.self) { try Self.trainer(tooMany) }
        #expect(tooManyError.message.hasPrefix("classes = \(words + 1) is more than the \(words) words"))
        tooMany.classes = words
        #expect(try Self.trainer(tooMany).shape.classCount <= words)
    }

    @Test func theTrainerBinsTheTrainingWordsAndLearns() throws {
        let trainer = try Self.trainer(Self.config())
        let classes = try #require(trainer.shape.classes)
        #expect(classes.vocabulary == trainer.corpus.vocabulary.count)
        #expect(classes.count <= 6 && classes.count >= 4)
        // rnnlm's default binning of the training text's counts (square roots), and by counts on request,
        // where "the", the most frequent word, gets a class of its own.
        var counts = [Int](repeating: 0, count: classes.vocabulary)
        for token in trainer.corpus.train.tokens { counts[Int(token)] += 1 }
        #expect(classes == WordClasses(counts: counts, classes: Self.config().classes, binning: .sqrt))
        var byCounts = Self.config()
        byCounts.classBinning = .frequency
        let frequencyClasses = try #require(try Self.trainer(byCounts).shape.classes)
        #expect(frequencyClasses == WordClasses(counts: counts, classes: byCounts.classes, binning: .frequency))
        #expect(frequencyClasses != classes)
        let the = Int(trainer.corpus.vocabulary.id(of: "the"))
        #expect(frequencyClasses.size(of: Int(frequencyClasses.classOf[the])) == 1)
        #expect(trainer.params.classV.count == classes.count * 16)
        #expect(trainer.modelSummary.contains("C=\(classes.count)"))
        let before = trainer.evaluate(trainer.corpus.valid)
        for _ in 0..<200 { _ = trainer.update() }
        let after = trainer.evaluate(trainer.corpus.valid)
        #expect(after < before - 0.5, "valid loss \(before) -> \(after)")
        let sample = trainer.sample(length: 12, temperature: 0.5, prime: "the")
        let words = Set(trainer.corpus.vocabulary.tokens)
        #expect(sample.split(whereSeparator: \.isWhitespace).allSatisfy { words.contains(String($0)) }, "\(sample)")
    }

    /// The class model reaches the full softmax's loss on this small language (same updates).
    @Test func classesLearnAsWellAsTheFullSoftmax() throws {
        func trainedLoss(_ output: TrainingConfig.OutputLayer) throws -> Double {
            let trainer = try Self.trainer(Self.config(output: output))
            for _ in 0..<300 { _ = trainer.update() }
            return trainer.evaluate(trainer.corpus.valid)
        }
        let full = try trainedLoss(.full), classes = try trainedLoss(.classes)
        #expect(abs(classes - full) < 0.1 * full, "full \(full), classes \(classes)")
    }

    @Test(arguments: [blocks, .off], [1, 2])
    func resumingIsExact(mode: Truncation, threads: Int) throws {
        var config = Self.config(truncation: mode)
        config.threads = threads
        try TrainerCheckpointTests.expectExactResume(config, half: 15) { path, first in
            // Container version 2: builds that read only version 1 refuse a class model.
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))[8..<12]) == [2, 0, 0, 0])
            // Eval and sample need only the checkpoint.
            let model = try CheckpointModel(path: path)
            #expect(model.params == first.params && model.params.shape.classes != nil)
            let fromCheckpoint = Evaluator.meanLoss(params: model.params, stream: first.corpus.valid,
                                                    sentenceMode: mode == .off, batch: config.batch)
            #expect(fromCheckpoint == first.evaluate(first.corpus.valid))
            #expect(!model.sample(length: 5, temperature: 1, prime: "the").isEmpty)
        }
    }

    /// Checkpoints written before the "model" section (layout version 1) still load: a full-softmax
    /// model's sections are otherwise unchanged. A layout newer than this build reads is refused.
    @Test func versionOneCheckpointsLoadAndNewerLayoutsAreRefused() throws {
        let config = Self.config(output: .full)
        let trainer = try Self.trainer(config)
        _ = TrainerCheckpointTests.run(trainer, updates: 5)
        let path = TrainerCheckpointTests.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TrainerCheckpoint.save(trainer, config: config, to: path)
        let sections = try CheckpointFile.read(from: path)
        #expect(try CheckpointWeights.layout(of: sections, path: path) == .init(format: 2, classes: nil))
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))[8..<12]) == [1, 0, 0, 0])

        var old = sections
        old["model"] = nil
        try CheckpointFile.write(sections: old.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, to: path)
        let (_, loaded) = try TrainerCheckpoint.load(from: path)
        #expect(loaded.params == trainer.params && loaded.step == 5)
        #expect(try CheckpointModel(path: path).params == trainer.params)

        var newer = sections
        newer["model"] = Array(#"{"format": 4}"#.utf8)
        try CheckpointFile.write(sections: newer.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, to: path)
        #expect(throws: CheckpointError.self) { try TrainerCheckpoint.load(from: path) }
        do { _ = try CheckpointModel(path: path) } catch let error as CheckpointError {
            #expect(error.message.contains("model layout is version 4"), "\(error.message)")
        }
    }

    /// A class checkpoint restored into a trainer whose classes differ is refused with a reason.
    @Test func differentClassesAreRefused() throws {
        let config = Self.config()
        let trainer = try Self.trainer(config)
        let path = TrainerCheckpointTests.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TrainerCheckpoint.save(trainer, config: config, to: path)
        var other = config
        other.classes = 3
        let target = try Self.trainer(other)
        do {
            try TrainerCheckpoint.restore(target, from: path)
            Issue.record("restored a checkpoint with other word classes")
        } catch let error as CheckpointError {
            #expect(error.message.contains("word classes differ"), "\(error.message)")
        }
    }
}
