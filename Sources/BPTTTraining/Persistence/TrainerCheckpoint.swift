import Foundation
import BPTTNumerics
import BPTTCorpus

/// A trainer's whole state in a checkpoint file: the config it was built from, the vocabulary, the
/// weights (current and best-so-far), the optimizer's moments, the schedule, where every batcher and
/// the carried stream state stand, and the step counters. Restoring it continues training exactly:
/// N updates, save, load, N more give the same losses bit for bit as 2N updates in one go.
///
/// Sections: "config" (JSON), "model" (the layout version and output layer, see `CheckpointWeights`),
/// "vocabulary", "vocabulary_ids" (the whole vocabulary as JSON, special ids included), "params",
/// "best" (optional), "optimizer", "progress", "stream" (carried state and kept history of truncated
/// BPTT).
///
/// A checkpoint stands on its own: the vocabulary and weights are inside (sample, and eval on a
/// file, need nothing else), and the config records the data files by absolute path, so eval on
/// the corpus's own splits and resume work from any directory while the corpus stays where it was.
public enum TrainerCheckpoint {
    public static func save(_ trainer: Trainer, config: TrainingConfig, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var sections: [(name: String, data: [UInt8])] = []
        // The truncation in force is stored here, in the config, and nowhere else.
        var stored = config.withAbsoluteDataPaths
        stored.truncation = trainer.truncation
        sections.append(("config", Array(try encoder.encode(stored))))
        sections.append(("model", try CheckpointWeights.layoutSection(for: trainer.shape)))

        var vocabulary = BinaryWriter()
        vocabulary.write(trainer.corpus.vocabulary.tokens)
        sections.append(("vocabulary", vocabulary.bytes))
        sections.append(("vocabulary_ids", Array(try encoder.encode(trainer.corpus.vocabulary))))

        sections.append(("params", CheckpointWeights.encode(trainer.params)))
        if let best = trainer.bestParams { sections.append(("best", CheckpointWeights.encode(best))) }

        var optimizer = BinaryWriter()
        optimizer.writeBytes(Array(try encoder.encode(trainer.optimizer.settings)))
        optimizer.write(Int64(trainer.optimizer.step))
        optimizer.writeBytes(CheckpointWeights.encode(trainer.optimizer.firstMoment))
        optimizer.writeBytes(CheckpointWeights.encode(trainer.optimizer.secondMoment))
        sections.append(("optimizer", optimizer.bytes))

        var progress = BinaryWriter()
        progress.write(Int64(trainer.step))
        progress.write(Int64(trainer.epoch))
        progress.write(Int64(trainer.tokensSeen))
        progress.writeBytes(Array(try encoder.encode(trainer.schedule)))
        progress.write(trainer.config.engine.rawValue)
        progress.write(Int64(trainer.streams.epoch))
        progress.write(Int64(trainer.streams.position))
        progress.write(Int64(trainer.sentences?.epoch ?? 0))
        progress.write(Int64(trainer.sentences?.cursor ?? 0))
        progress.write(trainer.scheduleStop ?? "")
        sections.append(("progress", progress.bytes))

        var stream = BinaryWriter()
        let history = trainer.truncated.history
        stream.write(Int64(history.length))
        stream.write(history.inputs)
        stream.write(history.states)
        // A gated cell's backward step through the kept steps reads their caches (not in Elman files).
        if trainer.shape.cell != .elman { stream.write(history.caches) }
        sections.append(("stream", stream.bytes))

        try CheckpointFile.write(sections: sections, to: path, version: CheckpointWeights.containerVersion(for: trainer.shape))
    }

    /// The config stored in a checkpoint (to rebuild the corpus and trainer before `restore`).
    public static func config(at path: String) throws -> TrainingConfig {
        let sections = try CheckpointFile.read(from: path)
        return try decodeConfig(sections, path: path)
    }

    /// Builds the corpus from the stored config and a trainer in the saved state.
    public static func load(from path: String) throws -> (config: TrainingConfig, trainer: Trainer) {
        let sections = try CheckpointFile.read(from: path)
        let config = try decodeConfig(sections, path: path)
        let corpus = try config.loadCorpus()
        let trainer = try Trainer(corpus: corpus, config: config)
        try restore(trainer, from: sections, path: path)
        return (config, trainer)
    }

    /// Puts the saved state into a trainer built from the same config and corpus.
    public static func restore(_ trainer: Trainer, from path: String) throws {
        try restore(trainer, from: try CheckpointFile.read(from: path), path: path)
    }

    static func decodeConfig(_ sections: [String: [UInt8]], path: String) throws -> TrainingConfig {
        guard let bytes = sections["config"] else { throw CheckpointError.missingSection("config", in: path) }
        let config: TrainingConfig
        do {
            // Keys added since the checkpoint was written take their defaults: lay the stored keys
            // over a default config before decoding.
            var defaults = try JSONSerialization.jsonObject(with: JSONEncoder().encode(TrainingConfig())) as? [String: Any] ?? [:]
            // Written before the cap existed, a checkpoint was trained without it (its default is 2.5 now).
            defaults["recurrentMaxNorm"] = 0.0
            // Written before class_binning existed, its classes were binned by frequency (they are stored
            // word by word, so this only keeps the config truthful).
            defaults["classBinning"] = WordClasses.Binning.frequency.rawValue
            let stored = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] ?? [:]
            let merged = try JSONSerialization.data(withJSONObject: defaults.merging(LegacyTruncation.migrated(stored)) { _, saved in saved })
            var decoded = try JSONDecoder().decode(TrainingConfig.self, from: merged)
            // An old checkpoint kept the truncation in force in its progress section (its config has the
            // one the run started with).
            if LegacyTruncation.isLegacy(stored) { decoded.truncation = try legacyProgressTruncation(sections, path: path) }
            config = decoded
        } catch {
            throw malformed(path, "the config section does not parse: \(error.localizedDescription)")
        }
        do {
            try ConfigLoader.check(config, file: path)
        } catch let error as ConfigError {
            throw malformed(path, "its stored config is out of range: \(error.reason)")
        }
        return config
    }

    static func restore(_ trainer: Trainer, from sections: [String: [UInt8]], path: String) throws {
        func section(_ name: String) throws -> BinaryReader {
            guard let bytes = sections[name] else { throw CheckpointError.missingSection(name, in: path) }
            return BinaryReader(bytes, context: "\(path): section \(name)")
        }
        let decoder = JSONDecoder()
        var vocabulary = try section("vocabulary")
        let tokens = try vocabulary.readStrings()
        guard tokens == trainer.corpus.vocabulary.tokens else {
            throw malformed(path, "its vocabulary (\(tokens.count) tokens) differs from the corpus's "
                + "(\(trainer.corpus.vocabulary.count)): resume with the corpus it was trained on")
        }
        let layout = try CheckpointWeights.layout(of: sections, path: path)
        var paramsReader = try section("params")
        let params = try CheckpointWeights.decode(&paramsReader, layout: layout, path: path)
        guard params.shape == trainer.shape else {
            let same = params.shape.vocabulary == trainer.shape.vocabulary && params.shape.hidden == trainer.shape.hidden
                && params.shape.cell == trainer.shape.cell
            throw malformed(path, same ? "its word classes differ from the ones the config and corpus give"
                : "its model is \(params.shape), the config asks for \(trainer.shape)")
        }
        var best: RNNParameters<Float>?
        if sections["best"] != nil {
            var reader = try section("best")
            best = try CheckpointWeights.decode(&reader, layout: layout, path: path)
        }
        var optimizerReader = try section("optimizer")
        let optimizerSettings = try decoder.decode(OptimizerSettings.self, from: Data(try optimizerReader.readBytes()))
        var optimizer = Optimizer(settings: optimizerSettings, shape: trainer.shape)
        optimizer.step = try CheckpointLimits.counter(try optimizerReader.read(Int64.self), "optimizer step", path: path)
        var first = BinaryReader(try optimizerReader.readBytes(), context: "\(path): optimizer moments")
        var second = BinaryReader(try optimizerReader.readBytes(), context: "\(path): optimizer moments")
        optimizer.firstMoment = try CheckpointWeights.decode(&first, layout: layout, path: path)
        optimizer.secondMoment = try CheckpointWeights.decode(&second, layout: layout, path: path)

        var progress = try section("progress")
        let step = try CheckpointLimits.counter(try progress.read(Int64.self), "step", path: path)
        let epoch = try CheckpointLimits.counter(try progress.read(Int64.self), "epoch", path: path)
        let tokensSeen = try CheckpointLimits.counter(try progress.read(Int64.self), "count of tokens seen", path: path)
        let schedule = try decoder.decode(LearningRateSchedule.self, from: Data(try progress.readBytes()))
        let truncation = try decodeConfig(sections, path: path).truncation
        if try storesTruncationInProgress(sections, path: path) { _ = try readLegacyTruncation(&progress, path: path) }
        guard let engine = EngineKind(rawValue: try progress.readString()) else { throw malformed(path, "unknown engine") }
        let streamEpoch = try CheckpointLimits.counter(try progress.read(Int64.self), "stream epoch", path: path)
        let streamPosition = try CheckpointLimits.counter(try progress.read(Int64.self), "stream position", path: path)
        let sentenceEpoch = try CheckpointLimits.counter(try progress.read(Int64.self), "sentence epoch", path: path)
        let sentenceCursor = try CheckpointLimits.counter(try progress.read(Int64.self), "sentence cursor", path: path)
        let finished = try progress.readString()

        var stream = try section("stream")
        let historyLength = try CheckpointLimits.counter(try stream.read(Int64.self), "history length", path: path)
        let history = TruncatedHistory<Float>(length: historyLength, inputs: try stream.readIntegers(Int32.self),
                                              states: try stream.readFloats(),
                                              caches: layout.cellKind == .elman ? [] : try stream.readFloats())
        do {
            try trainer.restoreState(
                params: params, best: best, optimizer: optimizer, schedule: schedule,
                truncation: truncation, engine: engine,
                step: step, epoch: epoch, tokensSeen: tokensSeen,
                stream: (streamEpoch, streamPosition), sentences: (sentenceEpoch, sentenceCursor),
                history: history, scheduleStop: finished.isEmpty ? nil : finished)
        } catch {
            throw malformed(path, "its training state does not fit this corpus and model: \(error)")
        }
    }

    /// Whether the progress section holds the truncation (checkpoints written before it was stored
    /// in the config alone: their config spells it flat).
    static func storesTruncationInProgress(_ sections: [String: [UInt8]], path: String) throws -> Bool {
        guard let bytes = sections["config"] else { throw CheckpointError.missingSection("config", in: path) }
        return LegacyTruncation.isLegacy((try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]) ?? [:])
    }

    /// The truncation an old checkpoint's progress section holds.
    static func legacyProgressTruncation(_ sections: [String: [UInt8]], path: String) throws -> Truncation {
        guard let bytes = sections["progress"] else { throw CheckpointError.missingSection("progress", in: path) }
        var progress = BinaryReader(bytes, context: "\(path): section progress")
        for _ in 0..<3 { _ = try progress.read(Int64.self) } // step, epoch, tokens seen
        _ = try progress.readBytes() // the schedule
        return try readLegacyTruncation(&progress, path: path)
    }

    /// An old progress section's mode byte (0 off, 1 blocks) and k1, k2.
    private static func readLegacyTruncation(_ progress: inout BinaryReader, path: String) throws -> Truncation {
        let mode = try progress.read(UInt8.self)
        let k1 = try CheckpointLimits.counter(try progress.read(Int64.self), "k1", path: path)
        let k2 = try CheckpointLimits.counter(try progress.read(Int64.self), "k2", path: path)
        return mode == 0 ? .off : .blocks(k1: k1, k2: k2)
    }

    static func malformed(_ path: String, _ reason: String) -> CheckpointError {
        CheckpointError(kind: .malformedSection, path: path, message: "\(path): \(reason)")
    }
}
