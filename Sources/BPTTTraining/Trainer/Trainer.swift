import Foundation
import BPTTNumerics
import BPTTCorpus

/// What one update did.
public struct UpdateResult: Sendable {
    /// Mean cross-entropy per predicted token of this update, nats.
    public var loss: Double
    /// Predicted tokens in this update.
    public var tokens: Int
    public var diagnostics: BackwardDiagnostics
    /// Steps of the window that belong to earlier blocks (they carry no loss).
    public var historyLength: Int
    public var clip: ClipReport
    /// Batching, the forward pass and the backward pass (not clipping or the optimizer step).
    public var forwardBackwardSeconds: Double
    public var engine: EngineKind
    /// Set when the loss or a gradient was NaN or infinite: the update was not applied.
    public var divergence: String?
    public var epochEnded: Bool
}

/// Trains the Elman RNN on a corpus, one update at a time. Not thread-safe: one owner (the session's
/// queue, or the headless command) calls it. Gradients are those of the loss summed over the predicted
/// tokens of an update, divided by the number of parallel sequences B (mean over streams or sentences,
/// sum over time, as rnnlm sums a block's errors before updating).
public final class Trainer {
    public let corpus: Corpus
    /// The config this trainer was built from, kept current as controls change it (truncation, engine,
    /// step limit); the learning rate lives in `optimizer.settings`.
    public private(set) var config: TrainingConfig
    /// The truncation in force. Changed only by `setTruncation` (checked once, by `check`); each
    /// update reads it once, for the batcher's block and the engine alike.
    public var truncation: Truncation { config.truncation }
    /// The weights, every row current (pending lazy decay applied first). Setting them counts as a
    /// change of every row for the divergence guard.
    public internal(set) var params: RNNParameters<Float> {
        get {
            settleDecay()
            return weights
        }
        set {
            sane.willReplaceWhole(current: weights)
            weights = newValue
            if lazyDecay != nil { lazyDecay = LazyWeightDecay(shape: newValue.shape) }
        }
    }
    /// The weights as the update reads them: rows not yet touched may still owe lazy decay.
    var weights: RNNParameters<Float>
    public internal(set) var optimizer: Optimizer
    public private(set) var schedule: LearningRateSchedule
    public private(set) var step = 0
    public private(set) var epoch = 0
    public private(set) var tokensSeen = 0
    /// Set when the learning-rate schedule has ended training (saved in checkpoints).
    public private(set) var scheduleStop: String?

    /// How far the current epoch is, 0..<1: the streams' position in stream mode, the sentences
    /// batched in sentence mode.
    public var epochFraction: Double {
        if truncation == .off, let sentences {
            return Double(sentences.cursor) / Double(max(1, sentences.sentencesPerEpoch))
        }
        return Double(streams.position) / Double(max(1, streams.streamLength))
    }

    /// Why training is over: the schedule stopped it, or max_steps / max_epochs is reached. The limits
    /// are checked against the current settings, so a resumed run with a higher limit trains on.
    public var finishedReason: String? {
        if let scheduleStop { return scheduleStop }
        if config.maxSteps > 0 && step >= config.maxSteps { return "reached max_steps \(config.maxSteps)" }
        if config.maxEpochs > 0 && epoch >= config.maxEpochs { return "reached max_epochs \(config.maxEpochs)" }
        return nil
    }

    /// The last update's gradient (the sum over its B streams, before scaling and clipping) until the
    /// optimizer consumes it (see `keepsGradients`); zero outside `lastRows`.
    var grads: RNNParameters<Float>
    /// The rows the last update's gradient could touch (every row on the dense path).
    var lastRows: TouchedRows
    /// Whether `grads` keeps the last update's gradient after the step (for tests that compare
    /// gradients); otherwise the optimizer zeroes it as it reads it, instead of a zeroing pass over
    /// `lastRows` at the start of the next update (2% of a word-level update: the step has the lines
    /// in cache). A refused update's gradient is not applied, and is zeroed by the next update.
    var keepsGradients = false
    /// Whether the optimizer has zeroed the gradient (set by an applied update without `keepsGradients`).
    private var gradientIsZero = false
    /// Whether the clipping norm takes the V rows' sums the class output layer took (the same bits
    /// as summing them again; off only to test that).
    var useOutputRowSums = true
    /// Lists each update's touched rows with `sparse_updates`; nil on the dense path.
    let rowsBuilder: TouchedRowsBuilder?
    /// SGD's L2 decay of the rows a sparse update skips; nil unless sparse SGD with l2 > 0.
    var lazyDecay: LazyWeightDecay?
    /// The latest weights whose training loss was finite and sane (see `saneLossLimit`), to fall
    /// back to when training diverges (step nil: the weights this trainer started from, none of its
    /// updates having had a sane loss yet).
    var sane: SaneWeights
    /// Warm-started power iteration for `recurrent_max_norm`.
    var normCap = RecurrentNormCap()
    /// Above this mean loss (nats per token) weights count as diverged even when finite: uniform
    /// guessing costs ln V, so four times that (at least ln V + 10) is far past anything a
    /// learning model shows.
    var saneLossLimit: Double { max(4 * log(Double(shape.vocabulary)), log(Double(shape.vocabulary)) + 10) }
    /// Weights at the best validation, for the schedule's restore.
    var bestParams: RNNParameters<Float>?
    var streams: StreamBatcher
    var sentences: SentenceBatcher?
    var truncated: ParallelTruncatedBPTT<Float>
    var sentencePass: ShardedWindowPass<Float>?

    public var shape: RNNShape { weights.shape }

    /// One line for the status bar: "H=128 V=12 B=16 char · builtin", with " C=100" after V for the
    /// class output layer (C as many classes as the binning made) and the cell before H unless Elman
    /// ("lstm H=128 ...").
    public var modelSummary: String {
        let classes = shape.classes.map { " C=\($0.count)" } ?? ""
        let cell = shape.cell == .elman ? "" : "\(shape.cell.rawValue) "
        return "\(cell)H=\(shape.hidden) V=\(shape.vocabulary)\(classes) B=\(config.batch) \(corpus.level.rawValue) · \(corpus.name)"
    }
    public var learningRate: Double { optimizer.settings.learningRate }

    /// Worker threads of each update (`TrainingConfig.workerThreads`): the B streams (or sentences)
    /// are split across min(threads, B) of them (`ParallelTruncatedBPTT`, `ShardedWindowPass`). OpenBLAS runs single-threaded inside
    /// them (set here: a process-wide setting).
    public let threads: Int

    public init(corpus: Corpus, config: TrainingConfig) throws {
        threads = config.workerThreads(vocabulary: corpus.vocabulary.count)
        NumericsEnvironment.blasThreads = 1
        guard config.batch >= 1, config.hidden >= 1 else { throw LabError("batch and hidden must be at least 1") }
        try Trainer.check(config.truncation, corpus: corpus, batch: config.batch)
        try Trainer.checkOutputLayer(config, corpus: corpus)
        self.corpus = corpus
        self.config = config
        let shape = Trainer.modelShape(corpus: corpus, config: config)
        try MemoryEstimate.check(shape: shape, config: config, truncation: config.truncation)
        weights = Trainer.initialParameters(shape: shape, config: config)
        grads = .zeros(shape: shape)
        lastRows = .all(shape)
        rowsBuilder = config.usesSparseUpdates ? TouchedRowsBuilder(shape: shape) : nil
        lazyDecay = Trainer.lazyDecay(shape: shape, config: config)
        sane = SaneWeights(weights)
        optimizer = Optimizer(settings: config.optimizerSettings, shape: shape)
        schedule = config.learningRateSchedule
        (streams, sentences) = try Trainer.batchers(corpus: corpus, config: config)
        // In sentence mode the stream engine waits unused, keeping no history.
        truncated = ParallelTruncatedBPTT<Float>(shape: shape, batch: config.batch, k2: config.truncation.k2 ?? 0,
                                                 expectedBlock: config.truncation.k1 ?? 1, threads: threads)
    }

    /// SGD's lazy L2 decay, when sparse updates skip rows that dense SGD would decay.
    static func lazyDecay(shape: RNNShape, config: TrainingConfig) -> LazyWeightDecay? {
        config.usesSparseUpdates && config.optimizer == .sgd && config.l2 > 0 ? LazyWeightDecay(shape: shape) : nil
    }

    /// Applies the lazy decay every row owes (before anything reads all the weights).
    func settleDecay() {
        if lazyDecay != nil { lazyDecay!.catchUpAll(&weights) }
    }

    /// The stream batcher and, when the corpus has sentences, the sentence batcher, at a position
    /// (the start, or one saved in a checkpoint).
    static func batchers(corpus: Corpus, config: TrainingConfig, stream: (epoch: Int, position: Int) = (0, 0),
                         sentences: (epoch: Int, cursor: Int) = (0, 0)) throws -> (StreamBatcher, SentenceBatcher?) {
        let streams = try StreamBatcher(stream: corpus.train, batch: config.batch,
                                        epoch: stream.epoch, position: stream.position)
        guard corpus.hasSentences else { return (streams, nil) }
        return (streams, try SentenceBatcher(stream: corpus.train, batch: config.batch, seed: config.seed,
                                             maxLength: Trainer.maxSentenceLength,
                                             epoch: sentences.epoch, cursor: sentences.cursor))
    }

    /// `output = classes` is for word vocabularies, and needs fewer classes than words.
    static func checkOutputLayer(_ config: TrainingConfig, corpus: Corpus) throws {
        guard config.output == .classes else { return }
        guard corpus.level == .word else {
            throw LabError("output = classes needs level = word (a class softmax pays off only over a large "
                + "vocabulary; \(corpus.name) is read at \(corpus.level.rawValue) level): use output = full")
        }
        let words = corpus.vocabulary.count
        guard config.classes <= words else {
            throw LabError("classes = \(config.classes) is more than the \(words) words of \(corpus.name)'s "
                + "vocabulary: use at most \(words) (about the square root, \(Int(Double(words).squareRoot().rounded())), is fastest)")
        }
    }

    /// The model's sizes, and with `output = classes` its word classes: rnnlm's binning of the
    /// training text's token counts.
    static func modelShape(corpus: Corpus, config: TrainingConfig) -> RNNShape {
        guard config.output == .classes else {
            return RNNShape(vocabulary: corpus.vocabulary.count, hidden: config.hidden, cell: config.cell)
        }
        var counts = [Int](repeating: 0, count: corpus.vocabulary.count)
        for token in corpus.train.tokens { counts[Int(token)] += 1 }
        return RNNShape(vocabulary: counts.count, hidden: config.hidden,
                        classes: WordClasses(counts: counts, classes: config.classes, binning: config.classBinning),
                        cell: config.cell)
    }

    static func initialParameters(shape: RNNShape, config: TrainingConfig) -> RNNParameters<Float> {
        var params = RNNParameters<Float>(shape: shape, seed: config.seed)
        config.recurrentInit.apply(to: &params, scale: config.recurrentScale, seed: config.seed)
        return params
    }

    /// Sentences longer than this are cut into pieces (sentence mode).
    static let maxSentenceLength = 512

    /// The one check of a truncation for a run: k1 and k2 within their limits, sentence mode only on a
    /// corpus with sentences, and a training text long enough for every stream to hold a whole block
    /// (said with the file's name, before batching would fail).
    static func check(_ truncation: Truncation, corpus: Corpus, batch: Int) throws {
        try truncation.validate()
        if truncation == .off && !corpus.hasSentences {
            throw LabError("truncation = off (sentence mode) needs a corpus with sentences (lines); \(corpus.name) has none")
        }
        if case .blocks(let k1, _) = truncation {
            try corpus.requireTrainTokens(batch * (k1 + 1) + 1, for: "\(batch) parallel streams with blocks of k1 = \(k1) steps")
        }
    }

    // MARK: Controls (applied between updates, i.e. at an update-block boundary)

    public func setTruncation(_ truncation: Truncation) throws {
        try Trainer.check(truncation, corpus: corpus, batch: config.batch)
        if case .blocks(_, let k2) = truncation {
            truncated.setHistoryCap(k2)
        } else {
            // To sentences: the stream's carried state will be stale on the way back, start it afresh then.
            truncated.reset()
        }
        config.truncation = truncation
    }

    public func setEngine(_ engine: EngineKind) { config.engine = engine }

    /// Fresh weights from the seed, fresh optimizer state and data order; the step counter restarts.
    public func restart() {
        weights = Trainer.initialParameters(shape: shape, config: config)
        lazyDecay = Trainer.lazyDecay(shape: shape, config: config)
        sane.reset()
        lastRows = .all(shape) // the next update zeroes every row of the gradient
        gradientIsZero = false
        bestParams = nil
        optimizer = Optimizer(settings: config.optimizerSettings, shape: shape)
        schedule = config.learningRateSchedule
        // The same corpus and config already built batchers in init, so this cannot fail.
        (streams, sentences) = try! Trainer.batchers(corpus: corpus, config: config)
        truncated.reset()
        step = 0; epoch = 0; tokensSeen = 0
        scheduleStop = nil
    }

    // MARK: Training

    /// One update: a block of k1 steps of every stream (stream mode) or one batch of whole sentences
    /// (sentence mode, full BPTT). `computeReach` also measures the last output's reach profile.
    public func update(computeReach: Bool = false) -> UpdateResult {
        // The last update's gradient is nonzero only in its rows (and nowhere once the optimizer took it).
        if !gradientIsZero { grads.zero(rows: lastRows, threads: threads) }
        gradientIsZero = false
        let options = BackwardOptions(computeStepNorms: true, computeReach: computeReach)
        let engine = config.engine
        let started = DispatchTime.now().uptimeNanoseconds
        var forward: ForwardResult
        var diagnostics: BackwardDiagnostics
        var historyLength = 0
        var epochEnded = false
        let rows: TouchedRows
        switch truncation {
        case .blocks(let k1, _):
            let block = streams.next(steps: k1)
            epochEnded = block.epochEnded
            rows = truncated.withHistoryInputs { history in
                block.inputs.withUnsafeBufferPointer { inputs in
                    block.targets.withUnsafeBufferPointer { touchedRows(inputs: history + [inputs], targets: $0) }
                }
            }
            if lazyDecay != nil { lazyDecay!.catchUp(&weights, rows: rows) }
            let result = truncated.step(weights, blockInputs: block.inputs, blockTargets: block.targets,
                                        engine: engine, options: options, rows: sparseRows(rows), grads: &grads)
            forward = result.forward
            diagnostics = result.diagnostics
            historyLength = result.historyLength
        case .off:
            // init and setTruncation refuse .off without sentences, so the batcher exists here.
            let batch = sentences!.next()
            epochEnded = batch.epochEnded
            rows = batch.inputs.withUnsafeBufferPointer { inputs in
                batch.targets.withUnsafeBufferPointer { touchedRows(inputs: [inputs], targets: $0) }
            }
            if lazyDecay != nil { lazyDecay!.catchUp(&weights, rows: rows) }
            let window = SequenceWindow(length: batch.length, batch: config.batch, inputs: batch.inputs,
                                        targets: batch.targets, mask: batch.mask, firstOutput: 0)
            let zero = [Float](repeating: 0, count: config.batch * shape.stateWidth)
            (forward, diagnostics) = sentencePassFor().run(weights, window, initialState: zero, engine: engine,
                                                           options: options, rows: sparseRows(rows), grads: &grads)
        }
        lastRows = rows
        // A class model: the V rows' sums the output layer took as it made them.
        let outputRowSums = !useOutputRowSums ? nil : truncation == .off ? sentencePassFor().outputRowSums : truncated.outputRowSums
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let tokens = Int(forward.outputCount.rounded())
        let meanLoss = forward.outputCount > 0 ? forward.lossSum / forward.outputCount : 0
        // The mean over the B streams (as 1/B times the summed gradient), clipped.
        let clip = GradientClipping.clip(&grads, rows: rows, scale: 1 / Float(config.batch),
                                         maxNorm: config.clipNorm, maxValue: config.clipValue, threads: threads,
                                         outputRowSums: outputRowSums)
        var result = UpdateResult(loss: meanLoss, tokens: tokens, diagnostics: diagnostics, historyLength: historyLength,
                                  clip: clip, forwardBackwardSeconds: seconds, engine: engine, divergence: nil,
                                  epochEnded: epochEnded)
        if let what = divergence(meanLoss: meanLoss, clip: clip) {
            result.divergence = "step \(step + 1): \(what); " + restoreLastGood()
            return result
        }
        sane.willApply(step: step, rows: rows)
        if keepsGradients {
            optimizer.apply(to: &weights, grads: grads, rows: rows, scale: clip.scale, clipScale: clip.clipScale,
                            savingPreviousInto: &sane.previous, threads: threads)
        } else {
            // The step zeroes the gradient as it reads it: the next update has nothing to zero.
            optimizer.apply(to: &weights, clearing: &grads, rows: rows, scale: clip.scale, clipScale: clip.clipScale,
                            savingPreviousInto: &sane.previous, threads: threads)
            gradientIsZero = true
        }
        if lazyDecay != nil {
            lazyDecay!.advance(learningRate: optimizer.settings.learningRate, l2: optimizer.settings.l2, rows: rows)
        }
        if config.recurrentMaxNorm > 0 && shape.cell == .elman { normCap.apply(to: &weights.W, maxNorm: config.recurrentMaxNorm) }
        step += 1
        tokensSeen += tokens
        if epochEnded { epoch += 1 }
        return result
    }

    /// The rows an update over these tokens can touch: listed with sparse updates, every row without.
    private func touchedRows(inputs: [UnsafeBufferPointer<Int32>], targets: UnsafeBufferPointer<Int32>) -> TouchedRows {
        rowsBuilder?.rows(inputs: inputs, targets: targets) ?? .all(shape)
    }

    /// What the engines take: the rows when the update is sparse (they then add and clear their
    /// shards' gradients over those rows only), nil when dense.
    private func sparseRows(_ rows: TouchedRows) -> TouchedRows? {
        rowsBuilder == nil ? nil : rows
    }

    /// Why an update with this loss and gradient counts as divergence, or nil: a loss or gradient that
    /// is not finite, or a loss above `saneLossLimit` (finite, but far past anything a learning model
    /// shows: training has blown up even if the numbers still fit in a float).
    private func divergence(meanLoss: Double, clip: ClipReport) -> String? {
        if !meanLoss.isFinite { return "the loss is \(CompactNumber.format(meanLoss))" }
        if let tensor = clip.nonFiniteTensor { return "the gradient of \(tensor) is not finite" }
        if meanLoss > saneLossLimit {
            return "the loss \(CompactNumber.format(meanLoss, decimals: 1)) nats is above the sane limit "
                + "\(CompactNumber.format(saneLossLimit, decimals: 1))"
        }
        return nil
    }

    /// Puts back the last sane weights and says which they are.
    private func restoreLastGood() -> String {
        sane.restore(into: &weights)
        // The refused block's states, made with the weights that diverged, would carry into the next
        // block and make every later update diverge too (a resume after a divergence could never
        // train on): the streams go on from a zero state, as at an epoch's start.
        truncated.reset()
        guard let good = sane.step else {
            return "no update had a finite loss below \(CompactNumber.format(saneLossLimit, decimals: 1)) nats: "
                + "the weights this run started from are kept"
        }
        // The step counter goes back with the weights, so a saved checkpoint and the final record name
        // the step its weights belong to (the optimizer's moments keep the undone update's change).
        step = good
        return "the weights of step \(good) are kept (the last with a finite loss below "
            + "\(CompactNumber.format(saneLossLimit, decimals: 1)) nats)"
    }

    /// Made on first use; its workspaces grow to the longest batch of sentences.
    func sentencePassFor() -> ShardedWindowPass<Float> {
        if let pass = sentencePass { return pass }
        let pass = ShardedWindowPass<Float>(shape: shape, batch: config.batch, maxLength: 64, threads: threads)
        sentencePass = pass
        return pass
    }

    // MARK: Validation and the schedule

    /// Validates and applies the learning-rate schedule; returns the validation losses (nats/token).
    public func validateAndSchedule() -> (evaluation: Evaluation, decision: LearningRateSchedule.Decision) {
        let evaluation = evaluateWithRecall(corpus.valid, maxTokens: config.validTokens)
        let loss = evaluation.loss
        let decision = schedule.afterValidation(loss: loss, learningRate: optimizer.settings.learningRate)
        if decision.restoreWeights, let best = bestParams { params = best }
        if decision.saveWeights { bestParams = params }
        optimizer.settings.learningRate = decision.learningRate
        if decision.stop { scheduleStop = decision.note ?? "schedule stopped" }
        return (evaluation, decision)
    }

    /// `evaluate`, plus the loss on the built-in language's recalls and on the other predictions.
    public func evaluateWithRecall(_ stream: TokenStream, maxTokens: Int = 0) -> Evaluation {
        Evaluator.evaluate(params: params, stream: stream, sentenceMode: truncation == .off,
                           batch: config.batch, maxTokens: maxTokens, recallTargets: corpus.recallTargets(in: stream),
                           threads: threads)
    }

    /// Mean loss per predicted token on a stream, in the current training mode: sentence by sentence
    /// from a zero state when truncation is off, as one carried stream otherwise.
    public func evaluate(_ stream: TokenStream, maxTokens: Int = 0) -> Double {
        Evaluator.meanLoss(params: params, stream: stream, sentenceMode: truncation == .off,
                           batch: config.batch, maxTokens: maxTokens, threads: threads)
    }

    // MARK: Sampling

    /// Samples are drawn from a generator seeded by the run's seed and the step, so they never disturb
    /// training's own random state and a resumed run samples the same text.
    public func sample(length: Int? = nil, temperature: Double? = nil, prime: String? = nil) -> String {
        var random = SeededGenerator(seed: config.seed ^ (UInt64(step) &* 0x9E37_79B9_7F4A_7C15))
        return Sampler.sample(params: params, vocabulary: corpus.vocabulary, level: corpus.level,
                       prime: prime ?? config.prime, length: length ?? config.sampleLength,
                       temperature: temperature ?? config.temperature, random: &random,
                       sentencePerState: truncation == .off)
    }
}

extension RNNParameters where T == Float {
    /// In-place copy with no allocation when the shapes match.
    mutating func copyValues(from other: RNNParameters<Float>) {
        guard shape == other.shape else { self = other; return }
        for (_, path) in rnnTensorKeyPaths where !other[keyPath: path].isEmpty {
            self[keyPath: path].withUnsafeMutableBufferPointer { dst in
                other[keyPath: path].withUnsafeBufferPointer { src in
                    dst.baseAddress!.update(from: src.baseAddress!, count: src.count)
                }
            }
        }
    }
}

extension Trainer {
    /// Replaces the training state with a saved one (see `TrainerCheckpoint`). Throws, before changing
    /// anything visible, when the batchers or history do not fit this corpus and batch.
    func restoreState(params: RNNParameters<Float>, best: RNNParameters<Float>?, optimizer: Optimizer,
                      schedule: LearningRateSchedule, truncation: Truncation, engine: EngineKind,
                      step: Int, epoch: Int, tokensSeen: Int, stream: (epoch: Int, position: Int),
                      sentences sentencePosition: (epoch: Int, cursor: Int), history: TruncatedHistory<Float>,
                      scheduleStop: String?) throws {
        try Trainer.check(truncation, corpus: corpus, batch: config.batch)
        let (streams, sentences) = try Trainer.batchers(corpus: corpus, config: config, stream: stream,
                                                        sentences: sentencePosition)
        if case .blocks(_, let k2) = truncation {
            truncated.setHistoryCap(k2)
            try truncated.restore(history: history)
        } else {
            // Sentence mode keeps no stream history (older checkpoints may hold a stale one).
            truncated.reset()
        }
        self.streams = streams
        self.sentences = sentences
        self.weights = params
        self.lazyDecay = Trainer.lazyDecay(shape: params.shape, config: config)
        self.sane.reset()
        self.lastRows = .all(params.shape) // the next update zeroes every row of the gradient
        self.gradientIsZero = false
        self.bestParams = best
        self.optimizer = optimizer
        self.schedule = schedule
        self.config.truncation = truncation
        self.config.engine = engine
        self.step = step
        self.epoch = epoch
        self.tokensSeen = tokensSeen
        self.scheduleStop = scheduleStop
    }
}

extension Trainer {
    /// Ends training once `step` reaches `limit` (the headless `--steps`).
    public func limitSteps(to limit: Int) {
        config.maxSteps = limit
    }
}
