import Foundation
import BPTTNumerics
import BPTTCorpus

/// What a preset's gradients do over training, per seed (`bptt-lab study gradients`): whether errors
/// vanish or grow as they travel back, whether the hidden units saturate, and whether the key is
/// learned — the measurements behind the vanishing and exploding presets' descriptions.
public struct GradientStudy: Sendable {
    public var base: TrainingConfig
    public var seeds: [UInt64]
    public var maxUpdates: Int
    /// Updates between two readings.
    public var every: Int
    public var workers: Int

    public init(base: TrainingConfig, seeds: [UInt64], maxUpdates: Int, every: Int, workers: Int) {
        self.base = base; self.seeds = seeds; self.maxUpdates = maxUpdates; self.every = every; self.workers = workers
    }

    /// One reading of a run.
    public struct Reading: Sendable, Codable, Equatable {
        public var step: Int
        /// log10(r_far / r_0): how many decades the last output's error changes between the last step
        /// and the farthest step of the window (negative: vanishing, positive: exploding).
        public var decades: Double
        /// Share of hidden activations with |s| > 0.95 on validation text.
        public var saturation: Double
        public var spectralRadius: Double
        /// Validation recall loss / ln K (built-in corpus), 1 = no memory of the key.
        public var recallShare: Double?
        public var validLoss: Double
        /// Updates whose gradient was clipped, so far.
        public var clipped: Int
        /// Largest global gradient norm (before clipping) since the previous reading.
        public var maxGradientNorm: Double

        enum CodingKeys: String, CodingKey {
            case step, decades, saturation, clipped
            case spectralRadius = "spectral_radius", recallShare = "recall_share", validLoss = "valid_loss"
            case maxGradientNorm = "max_grad_norm"
        }
    }

    public struct RunResult: Sendable, Codable, Equatable {
        public var seed: UInt64
        public var readings: [Reading]
        /// The non-finite guard's message when it stopped the run (where the dashboard's run fails).
        public var nonFinite: String?
        enum CodingKeys: String, CodingKey { case seed, readings; case nonFinite = "non_finite" }
    }

    public func run(progress: @escaping @Sendable (RunResult, Int, Int) -> Void) throws -> [RunResult] {
        _ = try base.loadCorpus() // a bad corpus fails here, once, with its file's name
        return try StudyPool.map(seeds, workers: workers) { seed in try self.runOne(seed: seed) } progress: { run, done in
            progress(run, done, seeds.count)
        }
    }

    func runOne(seed: UInt64) throws -> RunResult {
        var config = base
        config.seed = seed
        config.maxSteps = 0
        config.maxEpochs = 0 // the study trains its maxUpdates, whatever the preset's limit
        config.threads = 1
        let trainer = try Trainer(corpus: try config.loadCorpus(), config: config)
        // Readings at the study's own interval, not validations: the learning rate stays as set.
        let training = TrainingLoop(trainer: trainer, validates: false)
        var run = RunResult(seed: seed, readings: [], nonFinite: nil)
        var clipped = 0
        var maxNorm = 0.0
        var decades = Double.nan
        updates: while trainer.step < maxUpdates {
            let measure = (trainer.step + 1) % every == 0
            let result: UpdateResult
            switch training.next(computeReach: measure) {
            case .diverged(_, let reason):
                run.nonFinite = reason
                break updates
            case .finished:
                break updates
            case .trained(let applied, _):
                result = applied
            }
            if result.clip.rescaled || result.clip.elementsCut > 0 { clipped += 1 }
            maxNorm = max(maxNorm, result.clip.norm)
            if measure { decades = Self.decades(result.diagnostics.reach) }
            guard trainer.step % every == 0 else { continue }
            let evaluation = trainer.evaluateWithRecall(trainer.corpus.valid, maxTokens: 4_000)
            run.readings.append(Reading(
                step: trainer.step, decades: decades,
                saturation: Self.saturation(trainer.params, tokens: Array(trainer.corpus.valid.tokens.prefix(2_000))),
                spectralRadius: spectralRadiusEstimate(trainer.params.W, hidden: trainer.shape.hidden, iterations: 30, seed: 7),
                recallShare: evaluation.recallLoss.flatMap { recall in trainer.corpus.lossFloors?.recallShare(recall) },
                validLoss: evaluation.loss, clipped: clipped, maxGradientNorm: maxNorm))
            maxNorm = 0
        }
        return run
    }

    /// log10 of the last output's error at the farthest step of the window over its size at the last.
    static func decades(_ reach: [Double]) -> Double {
        guard let near = reach.first, let far = reach.last, near > 0, reach.count > 1 else { return .nan }
        return log10(max(far, Double.leastNormalMagnitude) / near)
    }

    /// Share of |s| > 0.95 over the states of one stream through `tokens` from a zero state.
    static func saturation(_ params: RNNParameters<Float>, tokens: [Int32]) -> Double {
        guard tokens.count >= 2 else { return .nan }
        let length = tokens.count - 1
        let workspace = RNNWorkspace<Float>(shape: params.shape, maxLength: length, batch: 1)
        let window = SequenceWindow(length: length, batch: 1, inputs: Array(tokens.dropLast()), targets: Array(tokens.dropFirst()))
        _ = rnnForward(params, window, initialState: [Float](repeating: 0, count: params.shape.stateWidth), workspace: workspace)
        var saturated = 0
        for t in 0..<length { saturated += workspace.state(at: t).filter { abs($0) > 0.95 }.count }
        return Double(saturated) / Double(length * params.shape.hidden)
    }
}
