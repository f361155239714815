import Foundation
import BPTTCorpus
import BPTTNumerics

/// Everything a run is made of. Every property is a config key (`ConfigSchema` lists them with
/// their types, ranges and help); the defaults here are the documented defaults.
public struct TrainingConfig: Sendable, Equatable, Codable {
    /// The output layer: the full softmax, or rnnlm's class-factored one (`RNNShape.classes`).
    public enum OutputLayer: String, Sendable, Codable, CaseIterable { case full, classes }
    /// Whether an update visits only the rows its gradient touches (`TouchedRows`): on, off, or auto
    /// (on at word level, where a block touches a small share of U's rows).
    public enum SparseUpdates: String, Sendable, Codable, CaseIterable { case auto, on, off }

    // Run
    public var name = "default"
    public var description = ""
    // Data
    public var corpus = "builtin"
    public var valid = ""
    public var test = ""
    public var level = TokenLevel.char
    public var minCount = 1
    public var maxVocab = 0
    public var validFraction = 0.1
    public var testFraction = 0.1
    public var builtinDistance = 20
    public var builtinKeys = 4
    public var builtinSentences = 4_000
    public var builtinDistractors = 1
    public var seed: UInt64 = 1
    // Model and BPTT
    public var hidden = 64
    public var cell = CellKind.elman
    public var output = OutputLayer.full
    public var classes = 100
    public var classBinning = WordClasses.Binning.sqrt
    public var batch = 16
    /// The config keys `truncation`, `k1` and `k2`, held as one value (k1 and k2 exist only in stream
    /// mode: a config with truncation = off has none).
    public var truncation = TrainingConfig.defaultBlocks
    public var engine = EngineKind.optimized
    public var recurrentInit = RecurrentInit.uniform
    public var recurrentScale = 1.0
    // Optimisation
    public var optimizer = OptimizerKind.sgd
    public var learningRate = 0.1
    public var lrSchedule = LearningRateSchedule.Kind.none
    public var minImprovement = 1.003
    public var clipNorm = 5.0
    public var clipValue = 0.0
    public var l2 = 2e-5
    public var sparseUpdates = SparseUpdates.auto
    /// 2.5 for the built-in demo: once the key is learned in stream mode, an uncapped W grows until the
    /// errors explode and the key is lost again; at 2 it was learned more slowly after the slider
    /// moved, at 1.5 not at all (measured: docs/default-language.md).
    public var recurrentMaxNorm = 2.5
    public var adamBeta1 = 0.9
    public var adamBeta2 = 0.999
    public var adamEpsilon = 1e-8
    public var maxEpochs = 0
    public var maxSteps = 0
    // Evaluation and sampling
    public var validateEvery = 1000
    public var validTokens = 0
    public var sampleEvery = 500
    public var sampleLength = 200
    public var temperature = 0.8
    public var prime = ""
    // Timing probe
    public var probeEverySeconds = 10.0
    public var probeMaxShare = 0.05
    // Output
    public var checkpoint = ""
    public var checkpointEvery = 0
    public var runDir = "runs"
    public var threads = 0
    public var metricsEvery = 50

    public init() {}

    /// The truncation of a config that names none, and what `truncation = blocks` turns an off one into.
    public static let defaultBlocks = Truncation.blocks(k1: 3, k2: 2)

    /// `sparse_updates` resolved: auto means word level.
    public var usesSparseUpdates: Bool {
        sparseUpdates == .on || (sparseUpdates == .auto && level == .word)
    }

    /// The value `corpus` has for the generated corpus.
    public static let builtinCorpusName = "builtin"

    public var usesBuiltinCorpus: Bool { corpus == Self.builtinCorpusName }

    /// Worker threads of a training step: `threads` when set; when 0 (automatic), the machine's cores
    /// as long as each gets at least `minimumShardFlopsPerStep` of the per-time-step work
    /// 6 B H (G H + W) (forward and backward products; G the cell's gate blocks, 1 for Elman; W the
    /// output layer's width per prediction, `outputWidth`), else fewer, down to 1: below that the pieces are not worth handing over (the
    /// built-in demo: B = 16, H = 64, ~0.5 MFLOP a step). With the full softmax the streams are split
    /// into shards, each worker zeroing and adding a whole gradient: then each also needs
    /// `minimumShardFlopsPerParameter` per parameter of the update's work (k1 steps). A word model with
    /// classes keeps its streams together and splits every piece of its update by rows or classes on
    /// the worker pool (`OutputThreads`, `WorkerThreads`: a handover costs about a microsecond), so it
    /// needs only `minimumRowShareFlopsPerStep` a step: at 10k words, H = 100, B = 16 or 64, 2 threads
    /// ran 1.4x as fast as 1 (2026-12-03).
    public func workerThreads(vocabulary: Int) -> Int {
        if threads > 0 { return threads }
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let flopsPerStep = 6 * Double(batch) * Double(hidden) * Double(cell.gateCount * hidden + outputWidth(vocabulary: vocabulary))
        if output == .classes && level == .word {
            return max(1, min(cores, Int(flopsPerStep / Self.minimumRowShareFlopsPerStep)))
        }
        let byStep = min(cores, Int(flopsPerStep / Self.minimumShardFlopsPerStep))
        let parameters = Double(RNNShape(vocabulary: vocabulary, hidden: hidden, cell: cell).parameterCount)
        // Sentence mode's update is a batch of whole sentences: counted as one step, the fewest threads.
        let perParameter = flopsPerStep * Double(truncation.k1 ?? 1) / parameters
        return max(1, min(byStep, Int(perParameter / Self.minimumShardFlopsPerParameter)))
    }

    /// The output layer's width per prediction for a vocabulary of V: V for the full softmax, about
    /// C + V/C with classes (the class softmax and, on average, one class of words).
    public func outputWidth(vocabulary: Int) -> Int {
        output == .full ? vocabulary : min(vocabulary, classes + vocabulary / max(1, classes))
    }

    /// 2 MFLOP per time step and thread: ~25 µs of packed products at 80 GFLOP/s.
    public static let minimumShardFlopsPerStep = 2e6

    /// 1 MFLOP per time step and thread when a class model shares its update by rows through the
    /// pool (measured: 2.9 MFLOP a step, B = 16, H = 100, 100 classes at 10k words: 2 threads 1.4x).
    public static let minimumRowShareFlopsPerStep = 1e6

    /// 100 flops of an update's products per parameter and thread: a worker's gradient costs a zeroing
    /// and an addition of every parameter, memory-bound passes worth some tens of flops each.
    public static let minimumShardFlopsPerParameter = 100.0

    public var corpusOptions: CorpusOptions {
        CorpusOptions(level: level, minCount: minCount, maxSize: maxVocab == 0 ? nil : maxVocab,
                      validFraction: validFraction, testFraction: testFraction)
    }

    public var syntheticSpec: SyntheticCorpusSpec {
        SyntheticCorpusSpec(distance: builtinDistance, keys: builtinKeys, sentences: builtinSentences,
                            distractors: builtinDistractors, seed: seed)
    }

    /// The corpus this config names: the generated one for "builtin", else the files.
    public func loadCorpus() throws -> Corpus {
        if usesBuiltinCorpus {
            try syntheticSpec.validate()
            return SyntheticCorpus.generate(syntheticSpec)
        }
        return try CorpusLoader.load(train: corpus, valid: valid.isEmpty ? nil : valid,
                                     test: test.isEmpty ? nil : test, options: corpusOptions)
    }
}
