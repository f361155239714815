import BPTTNumerics
/// The figures of `bptt-lab bench`, in the JSON schema of the project issue:
/// {"sgemm_gflops": x, "backward": [{"H","T","naive_ms","optimized_ms"}], "train": [{"B","H","V","T","threads","tokens_per_s","gflops"}]}
/// (word-level train rows add "zipf": true, and "C" with the class output layer; a gated cell
/// adds "cell").
public struct BenchReport: Codable, Sendable, Equatable {
    public var sgemmGFLOPS: Double
    public var backward: [BackwardTiming]
    public var train: [TrainingThroughput]

    public init(sgemmGFLOPS: Double, backward: [BackwardTiming], train: [TrainingThroughput]) {
        self.sgemmGFLOPS = sgemmGFLOPS
        self.backward = backward
        self.train = train
    }

    enum CodingKeys: String, CodingKey {
        case sgemmGFLOPS = "sgemm_gflops"
        case backward, train
    }
}

/// Milliseconds per BPTT pass of one sequence (B = 1) for both engines: the through-time stage of the
/// backward pass (output errors -> dU, dW, db), without the output layer's stage that both share.
public struct BackwardTiming: Codable, Sendable, Equatable {
    public var hidden: Int
    public var length: Int
    public var naiveMilliseconds: Double
    public var optimizedMilliseconds: Double

    public init(hidden: Int, length: Int, naiveMilliseconds: Double, optimizedMilliseconds: Double) {
        self.hidden = hidden
        self.length = length
        self.naiveMilliseconds = naiveMilliseconds
        self.optimizedMilliseconds = optimizedMilliseconds
    }

    /// naive / optimized; expected to grow like (T + 1) / 2.
    public var ratio: Double { naiveMilliseconds / optimizedMilliseconds }
    /// The operation-count ratio of the two engines: sum over outputs of their reach, over T.
    public var expectedRatio: Double { Double(length + 1) / 2 }

    enum CodingKeys: String, CodingKey {
        case hidden = "H", length = "T"
        case naiveMilliseconds = "naive_ms", optimizedMilliseconds = "optimized_ms"
    }
}

/// Full training steps (forward + softmax + backward + SGD update) at one size.
public struct TrainingThroughput: Codable, Sendable, Equatable {
    public var batch: Int
    public var hidden: Int
    public var vocabulary: Int
    public var length: Int
    public var threads: Int
    public var tokensPerSecond: Double
    public var gflops: Double
    /// Zipf-distributed word tokens ("zipf": true in JSON, absent for uniform tokens).
    public var zipf: Bool?
    /// Classes of the class output layer ("C" in JSON, absent for the full softmax).
    public var classes: Int?
    /// The text trained on, for a row of a config's own corpus (absent for generated rows).
    public var corpus: String?
    /// Updates the row's trainer made (warm-up and timed), each through `Trainer.update`.
    public var updates: Int?
    /// A gated cell (absent for Elman).
    public var cell: CellKind?

    public init(batch: Int, hidden: Int, vocabulary: Int, length: Int, threads: Int, tokensPerSecond: Double, gflops: Double,
                zipf: Bool? = nil, classes: Int? = nil) {
        self.batch = batch
        self.hidden = hidden
        self.vocabulary = vocabulary
        self.length = length
        self.threads = threads
        self.tokensPerSecond = tokensPerSecond
        self.gflops = gflops
        self.zipf = zipf
        self.classes = classes
    }

    /// The same size with the other output layer (the row a class row is compared with).
    func isFullSoftmaxTwin(of other: TrainingThroughput) -> Bool {
        classes == nil && zipf == other.zipf && cell == other.cell && batch == other.batch && hidden == other.hidden
            && vocabulary == other.vocabulary && length == other.length && threads == other.threads
    }

    enum CodingKeys: String, CodingKey {
        case batch = "B", hidden = "H", vocabulary = "V", length = "T", threads
        case tokensPerSecond = "tokens_per_s", gflops, zipf, classes = "C", corpus, updates, cell
    }
}
