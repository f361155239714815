import Foundation
import Testing
import BPTTNumerics
import BPTTCorpus
@testable import BPTTTraining

/// The recall loss: the loss on the built-in language's repeated key alone, the instrument that says
/// whether the key was learned.
@Suite struct RecallLossTests {
    static let spec = SyntheticCorpusSpec(distance: 6, keys: 4, sentences: 50, distractors: 3, seed: 9)

    /// A model whose output ignores the state (V = 0): p(token) = softmax(c), the same at every step,
    /// so every prediction's loss is -log p(target) and the expected means follow from the text alone.
    static func stateBlindModel(vocabulary: Int) -> (RNNParameters<Float>, [Double]) {
        let shape = RNNShape(vocabulary: vocabulary, hidden: 4)
        var params = RNNParameters<Float>(shape: shape, seed: 1)
        params.V = [Float](repeating: 0, count: params.V.count)
        params.c = (0..<vocabulary).map { Float($0 % 5) * 0.7 - 1 }
        let logits = params.c.map(Double.init)
        let normaliser = log(logits.map { exp($0) }.reduce(0, +))
        return (params, logits.map { normaliser - $0 })   // -log p per token
    }

    func expected(_ stream: TokenStream, _ recalls: [Bool], _ cost: [Double], predicted: Range<Int>) -> (Double, Double, Double) {
        var recallSum = 0.0, recallCount = 0.0, allSum = 0.0
        for i in predicted {
            let loss = cost[Int(stream.tokens[i])]
            allSum += loss
            if recalls[i] { recallSum += loss; recallCount += 1 }
        }
        let count = Double(predicted.count)
        return (allSum / count, recallSum / recallCount, (allSum - recallSum) / (count - recallCount))
    }

    @Test func recallTargetsMarkTheRepeatedKey() {
        let corpus = SyntheticCorpus.generate(Self.spec)
        let marks = corpus.recallTargets(in: corpus.valid)!
        #expect(marks.filter { $0 }.count == corpus.valid.sentences.count)
        for sentence in corpus.valid.sentences {
            #expect(marks[sentence.lowerBound + 6])
            #expect(corpus.valid.tokens[sentence.lowerBound + 6] == corpus.valid.tokens[sentence.lowerBound])
        }
        var text = corpus
        text.dependencyDistance = nil
        #expect(text.recallTargets(in: corpus.valid) == nil)
    }

    /// Stream mode (one stream: every token after the first is predicted) and sentence mode (every
    /// token of every sentence, the first from the end token) split the same pass exactly.
    @Test(arguments: [false, true])
    func theLossSplitsExactly(sentenceMode: Bool) {
        let corpus = SyntheticCorpus.generate(Self.spec)
        let (params, cost) = Self.stateBlindModel(vocabulary: corpus.vocabulary.count)
        let stream = sentenceMode ? corpus.valid : corpus.train
        let batch = sentenceMode ? 4 : 1
        let recalls = corpus.recallTargets(in: stream)!
        let result = Evaluator.evaluate(params: params, stream: stream, sentenceMode: sentenceMode, batch: batch,
                                        recallTargets: recalls)
        let (all, recall, others) = expected(stream, recalls, cost, predicted: (sentenceMode ? 0 : 1)..<stream.count)
        #expect(abs(result.loss - all) < 1e-5)
        #expect(abs(result.recallLoss! - recall) < 1e-5)
        #expect(abs(result.otherLoss! - others) < 1e-5)
        #expect(Evaluator.evaluate(params: params, stream: stream, sentenceMode: sentenceMode, batch: batch).recallLoss == nil)
    }

    /// A trained model that remembers the key: recall loss near 0, the rest near their floor.
    @Test func aModelWithFullBPTTLearnsTheRecall() throws {
        var config = Fixtures.settings(hidden: 32, batch: 16, k1: 8, k2: 4)
        config.learningRate = 0.01
        let trainer = try Trainer(corpus: Fixtures.corpus(distance: 4, sentences: 800), config: config)
        let floors = trainer.corpus.lossFloors!
        let before = trainer.evaluateWithRecall(trainer.corpus.valid)
        #expect(floors.recallShare(before.recallLoss!) > 0.9)
        for _ in 0..<1500 { _ = trainer.update() }
        let after = trainer.evaluateWithRecall(trainer.corpus.valid)
        #expect(floors.recallShare(after.recallLoss!) < 0.2, "recall \(after.recallLoss!), ln K \(floors.recallWithoutMemory)")
        #expect(after.otherLoss! < floors.others + 0.05)
    }
}
