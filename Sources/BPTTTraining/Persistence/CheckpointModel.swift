import Foundation
import BPTTNumerics
import BPTTCorpus

/// What eval and sample need from a checkpoint, read from the checkpoint alone (no corpus): the
/// config, the vocabulary, the weights and the step.
public struct CheckpointModel {
    public var config: TrainingConfig
    public var vocabulary: Vocabulary
    public var params: RNNParameters<Float>
    public var step: Int

    public init(path: String) throws {
        let sections = try CheckpointFile.read(from: path)
        config = try TrainerCheckpoint.decodeConfig(sections, path: path)
        if let json = sections["vocabulary_ids"] {
            do {
                vocabulary = try JSONDecoder().decode(Vocabulary.self, from: Data(json))
            } catch {
                throw TrainerCheckpoint.malformed(path, "the vocabulary does not parse: \(error.localizedDescription)")
            }
        } else {
            // Written before the ids were stored: built vocabularies put <unk> first, the sentence end second.
            guard let bytes = sections["vocabulary"] else { throw CheckpointError.missingSection("vocabulary", in: path) }
            var reader = BinaryReader(bytes, context: "\(path): section vocabulary")
            let tokens = try reader.readStrings()
            guard !tokens.isEmpty else { throw TrainerCheckpoint.malformed(path, "the vocabulary is empty") }
            vocabulary = Vocabulary(tokens: tokens, unknownID: 0, endOfSentenceID: tokens.count > 1 ? 1 : nil)
        }
        guard let paramBytes = sections["params"] else { throw CheckpointError.missingSection("params", in: path) }
        var paramsReader = BinaryReader(paramBytes, context: "\(path): section params")
        let layout = try CheckpointWeights.layout(of: sections, path: path)
        params = try CheckpointWeights.decode(&paramsReader, layout: layout, path: path)
        guard params.shape.vocabulary == vocabulary.count else {
            throw TrainerCheckpoint.malformed(path, "its model has \(params.shape.vocabulary) outputs for "
                + "\(vocabulary.count) vocabulary tokens")
        }
        guard let progressBytes = sections["progress"] else { throw CheckpointError.missingSection("progress", in: path) }
        var progress = BinaryReader(progressBytes, context: "\(path): section progress")
        step = try CheckpointLimits.counter(try progress.read(Int64.self), "step", path: path)
    }

    /// Text from the model, drawn as `Trainer.sample` draws it (same seed, so the same text).
    public func sample(length: Int, temperature: Double, prime: String) -> String {
        var random = SeededGenerator(seed: config.seed ^ (UInt64(step) &* 0x9E37_79B9_7F4A_7C15))
        return Sampler.sample(params: params, vocabulary: vocabulary, level: config.level, prime: prime,
                              length: length, temperature: temperature, random: &random)
    }

    /// The corpus the model was trained on, which must still be readable and give the same vocabulary.
    public func loadCorpus(checkpointPath path: String) throws -> Corpus {
        let corpus: Corpus
        do {
            corpus = try config.loadCorpus()
        } catch {
            let reason = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            throw LabError("\(path): the corpus it was trained on cannot be read (\(reason)); "
                + "evaluate on a text file with --file FILE, which needs only the checkpoint")
        }
        guard corpus.vocabulary.tokens == vocabulary.tokens else {
            throw LabError("\(path): the corpus \(config.corpus) has changed since training (its vocabulary differs); "
                + "evaluate on a text file with --file FILE")
        }
        return corpus
    }
}

extension TrainingConfig {
    /// The config with relative corpus/valid/test paths made absolute (against the current
    /// directory), so a checkpoint, or a study's job, finds them from anywhere.
    public var withAbsoluteDataPaths: TrainingConfig {
        func absolute(_ path: String) -> String {
            guard !path.isEmpty, !path.hasPrefix("/") else { return path }
            return URL(fileURLWithPath: path).standardizedFileURL.path
        }
        var config = self
        if !usesBuiltinCorpus { config.corpus = absolute(corpus) }
        config.valid = absolute(valid)
        config.test = absolute(test)
        return config
    }
}
