import Foundation

/// One JSON Lines record of a run's metrics file. `type` says which fields are set:
/// "interval" (train loss over the last interval and throughput), "validation", "event", "final".
public struct MetricsRecord: Codable, Sendable, Equatable {
    public var type: String
    public var step: Int
    public var seconds: Double
    public var epoch: Int?
    public var trainLoss: Double?
    public var validLoss: Double?
    public var validPerplexity: Double?
    public var bitsPerChar: Double?
    /// Built-in language: validation loss on the recalls (ln K without memory of the key, 0 with).
    public var recallLoss: Double?
    /// Built-in language: validation loss on every other prediction.
    public var otherLoss: Double?
    public var tokensPerSecond: Double?
    public var learningRate: Double?
    public var gradientNorm: Double?
    public var clippedUpdates: Int?
    public var k1: Int?
    public var k2: Int?
    public var truncation: String?
    public var engine: String?
    public var event: String?
    public var text: String?

    public init(type: String, step: Int, seconds: Double) {
        self.type = type; self.step = step; self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey {
        case type, step, seconds, epoch
        case trainLoss = "train_loss", validLoss = "valid_loss", validPerplexity = "valid_ppl"
        case bitsPerChar = "bits_per_char", recallLoss = "recall_loss", otherLoss = "other_loss"
        case tokensPerSecond = "tokens_per_s", learningRate = "lr"
        case gradientNorm = "grad_norm", clippedUpdates = "clipped_updates", k1, k2, truncation, engine, event, text
    }
}

/// Appends metrics records to a JSON Lines file, one object per line, flushed per record so that a
/// crash loses at most the line being written.
public final class MetricsRecorder {
    public let path: String
    private let handle: FileHandle
    private let encoder: JSONEncoder

    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw TrainerError("cannot create the metrics folder \(directory.path): \(error.localizedDescription)")
        }
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw TrainerError("cannot create the metrics file \(path): check the folder exists and is writable")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw TrainerError("cannot open the metrics file \(path) for writing")
        }
        self.handle = handle
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    }

    public func write(_ record: MetricsRecord) {
        guard var data = try? encoder.encode(record) else { return }
        data.append(0x0A)
        handle.write(data)
    }

    deinit { try? handle.close() }

    /// Reads a metrics file back (for tests and tools).
    public static func read(path: String) throws -> [MetricsRecord] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try text.split(separator: "\n").map { try decoder.decode(MetricsRecord.self, from: Data($0.utf8)) }
    }
}
