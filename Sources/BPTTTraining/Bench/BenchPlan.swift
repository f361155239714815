import BPTTCorpus
import BPTTNumerics
/// What the bench measures and how long it spends on each figure.
public struct BenchPlan: Sendable {
    public struct TrainingSize: Sendable, Equatable {
        public var batch: Int, hidden: Int, vocabulary: Int, length: Int
        /// Word-level rows: tokens drawn from a Zipf distribution over the vocabulary (word ids by
        /// rank, as a frequency-sorted vocabulary has them) instead of uniformly.
        public var zipf: Bool
        /// The class output layer with this many classes (binned from the Zipf frequencies); nil = full softmax.
        public var classes: Int?
        /// The recurrent cell.
        public var cell: CellKind
        public init(batch: Int, hidden: Int, vocabulary: Int, length: Int, zipf: Bool = false, classes: Int? = nil,
                    cell: CellKind = .elman) {
            self.batch = batch; self.hidden = hidden; self.vocabulary = vocabulary; self.length = length
            self.zipf = zipf || classes != nil; self.classes = classes; self.cell = cell
        }
    }

    /// Table 1 sizes (B = 1).
    public var hiddenSizes: [Int]
    public var lengths: [Int]
    public var vocabulary: Int
    /// Table 2 sizes.
    public var trainingSizes: [TrainingSize]
    /// A config and its corpus timed in table 2 after the standard sizes (`bench --config`), at each
    /// of `trainingThreads`: the row `bptt-lab train --config` would run.
    public var trainingConfig: (TrainingConfig, Corpus)?
    /// Worker-thread counts of table 2: each size with B > 1 is measured at each (B = 1 only at 1).
    public var trainingThreads: [Int] = [1, 2]
    /// Each timing repeats until both this many runs and `minimumSeconds` are reached (after one
    /// warm-up run), and reports the fastest run.
    public var minimumRuns: Int
    public var minimumSeconds: Double
    /// Side of the square sgemm used as the roofline.
    public var sgemmSize: Int
    /// Repetitions of each numpy measurement.
    public var numpyRuns: Int
    /// Untimed numpy runs before each measurement.
    public var numpyWarmup: Int

    /// Character-sized rows, the gated cells beside Elman at B = 32.
    static let standardTrainingSizes = [
        TrainingSize(batch: 32, hidden: 256, vocabulary: 64, length: 50),
        TrainingSize(batch: 32, hidden: 256, vocabulary: 64, length: 50, cell: .gru),
        TrainingSize(batch: 32, hidden: 256, vocabulary: 64, length: 50, cell: .lstm),
        TrainingSize(batch: 1, hidden: 256, vocabulary: 64, length: 50),
    ] + wordSizes

    /// Word level, V = 10k Zipf words: the full softmax beside 100 classes at each size.
    static let wordSizes = [(32, 200), (32, 100), (1, 100), (1, 200)].flatMap { batch, hidden in
        [TrainingSize(batch: batch, hidden: hidden, vocabulary: 10_000, length: 35, zipf: true),
         TrainingSize(batch: batch, hidden: hidden, vocabulary: 10_000, length: 35, classes: 100)]
    }

    public static let full = BenchPlan(
        hiddenSizes: [64, 128, 256], lengths: [25, 50, 100, 200], vocabulary: 64,
        trainingSizes: standardTrainingSizes, minimumRuns: 5, minimumSeconds: 1.0, sgemmSize: 1024, numpyRuns: 3, numpyWarmup: 1)

    /// Same tables with fewer repetitions: well under 30 s on a 2-core machine.
    public static let quick = BenchPlan(
        hiddenSizes: [64, 128, 256], lengths: [25, 50, 100, 200], vocabulary: 64,
        trainingSizes: standardTrainingSizes, minimumRuns: 2, minimumSeconds: 0.15, sgemmSize: 1024, numpyRuns: 1, numpyWarmup: 0)
}
