import Testing
import BPTTNumerics
import BPTTCorpus
@testable import BPTTTraining

/// Small built-in corpora and models, fast enough for debug builds.
enum Fixtures {
    static func corpus(distance: Int = 6, keys: Int = 4, sentences: Int = 600, seed: UInt64 = 3) -> Corpus {
        SyntheticCorpus.generate(SyntheticCorpusSpec(distance: distance, keys: keys, sentences: sentences, seed: seed))
    }

    static func settings(hidden: Int = 24, batch: Int = 8, k1: Int = 8, k2: Int = 4) -> TrainingConfig {
        var c = TrainingConfig()
        c.hidden = hidden
        c.batch = batch
        c.truncation = .blocks(k1: k1, k2: k2)
        c.optimizer = .adam
        c.learningRate = 0.01
        c.validateEvery = 0
        c.sampleEvery = 0
        c.lrSchedule = .none
        return c
    }
}

@Suite struct TrainerTests {
    @Test func lossFallsWithTraining() throws {
        let trainer = try Trainer(corpus: Fixtures.corpus(), config: Fixtures.settings())
        let before = trainer.evaluate(trainer.corpus.valid)
        for _ in 0..<150 { _ = trainer.update() }
        let after = trainer.evaluate(trainer.corpus.valid)
        #expect(after < before - 0.5, "valid loss \(before) -> \(after)")
        #expect(trainer.step == 150)
    }

    @Test func sameSeedGivesBitIdenticalLosses() throws {
        func losses() throws -> [Double] {
            let trainer = try Trainer(corpus: Fixtures.corpus(), config: Fixtures.settings())
            return (0..<20).map { _ in trainer.update().loss }
        }
        let a = try losses(), b = try losses()
        #expect(a == b)
    }

    @Test func sentenceModeTrainsWithFullBPTTFromZeroState() throws {
        var settings = Fixtures.settings()
        settings.truncation = .off
        let trainer = try Trainer(corpus: Fixtures.corpus(), config: settings)
        let first = trainer.update()
        #expect(first.historyLength == 0)
        // A sentence is d + 2 = 8 tokens: the whole sentence is one window.
        #expect(first.diagnostics.stepNorms.count == 8)
        #expect(first.tokens == 8 * settings.batch)
    }

    @Test func streamModeWindowIsHistoryPlusBlock() throws {
        let trainer = try Trainer(corpus: Fixtures.corpus(), config: Fixtures.settings(k1: 5, k2: 3))
        let first = trainer.update()
        #expect(first.historyLength == 0)           // nothing before the first block
        let second = trainer.update()
        #expect(second.historyLength == 3)
        #expect(second.diagnostics.stepNorms.count == 8)
        #expect(second.tokens == 5 * 8)
    }

    @Test func truncationOffNeedsSentences() throws {
        var corpus = Fixtures.corpus()
        corpus.hasSentences = false
        var settings = Fixtures.settings()
        settings.truncation = .off
        #expect(throws: LabError.self) { try Trainer(corpus: corpus, config: settings) }
        let trainer = try Trainer(corpus: corpus, config: Fixtures.settings())
        #expect(throws: LabError.self) { try trainer.setTruncation(.off) }
    }

    @Test func nonFiniteLossRefusesTheUpdateAndRestoresTheLastGoodWeights() throws {
        let trainer = try Trainer(corpus: Fixtures.corpus(), config: Fixtures.settings())
        let initial = trainer.params
        _ = trainer.update()
        trainer.params.V[0] = .infinity // as if the last update had blown the output layer up
        let blown = trainer.update()
        let reason = try #require(blown.divergence)
        #expect(reason.contains("step 2") && reason.contains("the weights of step 0 are kept"), "\(reason)")
        // The weights that gave a non-finite loss came from update 1: the ones before it are back, and
        // the step counter with them (a checkpoint saved now is step 0's).
        #expect(trainer.step == 0)
        #expect(trainer.params == initial)
    }
}

extension TrainerTests {
    /// A loss that explodes but stays finite is divergence too: above the sane limit the update is
    /// refused and the last sane weights come back (it used to pass as success, with ppl inf).
    @Test func aFiniteLossAboveTheSaneLimitIsDivergence() throws {
        let trainer = try Trainer(corpus: Fixtures.corpus(), config: Fixtures.settings())
        let initial = trainer.params
        _ = trainer.update()
        var blown = trainer.params
        for i in blown.V.indices { blown.V[i] *= 1e4 } // logits ~1e4: a huge but finite loss
        trainer.params = blown
        let result = trainer.update()
        #expect(result.loss.isFinite && result.loss > trainer.saneLossLimit)
        let reason = try #require(result.divergence)
        #expect(reason.contains("step 2") && reason.contains("is above the sane limit"), "\(reason)")
        #expect(trainer.params == initial && trainer.step == 0)
    }
}

@Suite struct TrainerInputTests {
    @Test func aCorpusShorterThanOneBlockPerStreamIsRefusedNamingTheFile() throws {
        var corpus = Fixtures.corpus()
        corpus.source = "tiny.txt"
        corpus.train = TokenStream(tokens: Array(corpus.train.tokens.prefix(40)), sentences: [0..<40])
        var settings = Fixtures.settings(batch: 8, k1: 8)
        settings.truncation = .blocks(k1: 8, k2: 0)
        do {
            _ = try Trainer(corpus: corpus, config: settings)
            Issue.record("a 40-token corpus was accepted for 8 streams of 8-step blocks")
        } catch let error as CorpusError {
            #expect(error.message.hasPrefix("tiny.txt:"))
            #expect(error.message.contains("8 parallel streams"))
        }
    }
}

/// Issue 11: one check of a truncation, at construction and for every change, and a refused change
/// leaves the run as it was.
@Suite struct TruncationCheckTests {
    @Test func limitsAndTheTextLengthAreCheckedOnceForInitAndChanges() throws {
        var outside = Fixtures.settings()
        outside.truncation = .blocks(k1: Truncation.k1Range.upperBound + 1, k2: 0)
        #expect(throws: LabError.self) { try Trainer(corpus: Fixtures.corpus(), config: outside) }
        let trainer = try Trainer(corpus: Fixtures.corpus(), config: Fixtures.settings(k1: 8, k2: 4))
        #expect(throws: LabError.self) { try trainer.setTruncation(.blocks(k1: 0, k2: 1)) }
        #expect(throws: LabError.self) { try trainer.setTruncation(.blocks(k1: 4, k2: -1)) }
        #expect(throws: LabError.self) { try trainer.setTruncation(.blocks(k1: 4, k2: Truncation.k2Range.upperBound + 1)) }
        // About 3,800 training tokens: 8 streams cannot each hold a block of 1000 steps.
        let tooLong = #expect(throws: CorpusError.self) { try trainer.setTruncation(.blocks(k1: 1000, k2: 0)) }
        #expect(tooLong?.message.contains("8 parallel streams with blocks of k1 = 1000 steps") == true)
        #expect(trainer.truncation == .blocks(k1: 8, k2: 4))
        #expect(trainer.update().diagnostics.stepNorms.count == 8, "the first block after a refusal is still k1 = 8")
    }

    /// Sentence mode has no blocks: a text too short for 500 streams of 10-step blocks (the engine's
    /// old stand-in while off) still trains in sentences, and says nothing about k1.
    @Test func turningTruncationOffNeedsNoBlocks() throws {
        let corpus = Fixtures.corpus()
        #expect(corpus.train.count < 500 * 11 + 1)
        let trainer = try Trainer(corpus: corpus, config: Fixtures.settings(batch: 500, k1: 1, k2: 0))
        try trainer.setTruncation(.off)
        #expect(trainer.truncation == .off && trainer.config.truncation == .off)
        #expect(trainer.update().tokens > 0)
        var off = Fixtures.settings(batch: 500)
        off.truncation = .off
        #expect(try Trainer(corpus: corpus, config: off).update().tokens > 0)
    }

    @Test func theBlockTheBatcherCutsIsTheTruncationInForce() throws {
        let trainer = try Trainer(corpus: Fixtures.corpus(), config: Fixtures.settings(k1: 8, k2: 4))
        _ = trainer.update()
        try trainer.setTruncation(.blocks(k1: 3, k2: 1))
        let next = trainer.update()
        #expect(next.tokens == 3 * 8 && next.historyLength == 1 && next.diagnostics.stepNorms.count == 4)
    }
}
