import Foundation
import BPTTNumerics
import BPTTCorpus

/// How long it takes to learn the built-in language's key at each truncation reach, over seeds:
/// the measurement behind the dashboard's truncation story (`bptt-lab study truncation`).
///
/// Each run trains a fresh model exactly as the dashboard would (same config, validation and
/// schedule at `validate_every`) and watches the validation recall loss, the loss on the one
/// prediction that needs the key, as a share of ln K: 1 means the key is not remembered at all,
/// 0 that it is. A run has *learned* once the share falls below `learnedShare`, and has *left the
/// floor* once it falls below `floorShare`.
public struct TruncationStudy: Sendable {
    public var base: TrainingConfig
    public var truncations: [Truncation]
    public var seeds: [UInt64]
    public var maxUpdates: Int
    /// Recall share below which the key counts as learned (0.1: within 10% of ln K from 0).
    public var learnedShare = 0.1
    /// Recall share below which a run has visibly left the no-memory floor.
    public var floorShare = 0.9
    /// Parallel runs (one per core).
    public var workers: Int
    /// Train this many updates at `warmup.truncation` first, then switch to the run's truncation (as
    /// the dashboard's slider does after a while); updates to learn count from the switch.
    public var warmup: (truncation: Truncation, updates: Int)?
    /// After a run learns, train this many more updates and count the readings that stay learned, so a
    /// key learned and then lost again shows (0: stop at the first crossing).
    public var holdUpdates = 0
    /// The cells to compare, each over every reach and seed (`--cells`); nil: the config's own cell,
    /// and no cell axis in the runs or their records (as before cells were an axis).
    public var cells: [CellKind]?

    public init(base: TrainingConfig, truncations: [Truncation], seeds: [UInt64], maxUpdates: Int, workers: Int) {
        self.base = base
        self.truncations = truncations
        self.seeds = seeds
        self.maxUpdates = maxUpdates
        self.workers = workers
    }

    /// The reaches 1 … 2d as blocks with k2 as in `base` where possible (k1 = reach - k2, at least 1),
    /// then `off`.
    public static func reachGrid(distance: Int, k2: Int, upTo maxReach: Int? = nil) -> [Truncation] {
        (1...(maxReach ?? 2 * distance)).map { reach in
            let k1 = max(1, reach - k2)
            return .blocks(k1: k1, k2: reach - k1)
        } + [.off]
    }

    /// One run's outcome.
    public struct RunResult: Sendable, Codable, Equatable {
        /// The run's cell when the study compares cells (nil otherwise, and in older records).
        public var cell: String?
        public var reach: String
        public var k1: Int?
        public var k2: Int?
        public var seed: UInt64
        /// First validation step where the recall share was below `learnedShare`; nil if never.
        public var learnedAt: Int?
        /// Wall seconds of this run (one core) until then.
        public var learnedSeconds: Double?
        /// First validation step where the share was below `floorShare`; nil if never.
        public var leftFloorAt: Int?
        public var minShare: Double
        public var finalShare: Double
        public var updates: Int
        public var seconds: Double
        /// Set when training stopped early (non-finite loss, schedule end).
        public var stopped: String?
        /// With a warm-up: the lowest recall share seen during it, and the first warm-up step where the
        /// share was below `floorShare` (nil if never): the floor check of the setting before the switch.
        public var warmupMinShare: Double?
        public var warmupLeftFloorAt: Int?
        /// With `holdUpdates`: the validations after learning, and how many of them were still below
        /// `learnedShare`.
        public var holdReadings: Int?
        public var heldReadings: Int?

        enum CodingKeys: String, CodingKey {
            case cell, reach, k1, k2, seed, updates, seconds, stopped
            case learnedAt = "learned_at", learnedSeconds = "learned_seconds", leftFloorAt = "left_floor_at"
            case minShare = "min_share", finalShare = "final_share"
            case warmupMinShare = "warmup_min_share", warmupLeftFloorAt = "warmup_left_floor_at"
            case holdReadings = "hold_readings", heldReadings = "held_readings"
        }
    }

    /// Refuses a config this study cannot measure, before anything runs.
    public func validate() throws {
        guard base.usesBuiltinCorpus else {
            throw LabError("the truncation study needs the built-in corpus (corpus = builtin): "
                + "only its recall loss says whether the long dependency was learned")
        }
        try base.syntheticSpec.validate()
        for truncation in truncations + (warmup.map { [$0.truncation] } ?? []) {
            try truncation.validate()
        }
        guard maxUpdates >= base.validateEvery else {
            throw LabError("--max-updates \(maxUpdates) is below validate_every \(base.validateEvery): "
                + "no validation would run")
        }
    }

    /// Runs every (truncation, seed) pair on `workers` threads; `progress` is called (from a worker
    /// thread, serialised) after each run with the number done so far. With a warm-up, each seed's
    /// warm-up runs once and every truncation of that seed continues from its checkpoint (training is
    /// deterministic, so this equals warming up again for each).
    public func run(warmedUp onWarmUp: @escaping @Sendable (_ seed: UInt64, _ cell: CellKind?, _ minShare: Double?, _ stopped: String?) -> Void
                        = { _, _, _, _ in },
                    progress: @escaping @Sendable (RunResult, Int, Int) -> Void) throws -> [RunResult] {
        try validate()
        let jobs = cellList.flatMap { cell in
            truncations.flatMap { truncation in seeds.map { StudyJob(cell: cell, truncation: truncation, seed: $0) } }
        }
        var warmedUp: [WarmUpKey: WarmUp] = [:]
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("bptt-lab-study-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: folder) }
        if let warmup {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let keys = cellList.flatMap { cell in seeds.map { WarmUpKey(cell: cell, seed: $0) } }
            let outcomes = try StudyPool.map(keys, workers: workers) { key in
                let checkpoint = folder.appendingPathComponent("\(key.cell.rawValue)-seed-\(key.seed).ckpt").path
                let outcome = try self.warmUp(warmup, seed: key.seed, cell: key.cell, checkpoint: checkpoint)
                onWarmUp(key.seed, cells == nil ? nil : key.cell, outcome.minShare, outcome.stopped)
                return outcome
            } progress: { _, _ in }
            warmedUp = Dictionary(uniqueKeysWithValues: zip(keys, outcomes))
        }
        let warmUps = warmedUp
        return try StudyPool.map(jobs, workers: workers) { job in
            try self.runOne(truncation: job.truncation, seed: job.seed, cell: job.cell,
                            from: warmUps[WarmUpKey(cell: job.cell, seed: job.seed)])
        } progress: { run, done in progress(run, done, jobs.count) }
    }

    /// The cells the runs train: `cells`, or the config's own.
    var cellList: [CellKind] { cells ?? [base.cell] }

    /// A warm-up is shared by the runs of one cell and seed.
    struct WarmUpKey: Hashable, Sendable {
        var cell: CellKind
        var seed: UInt64
    }

    /// A seed's warm-up: its floor check and the checkpoint the study's runs continue from.
    struct WarmUp: Sendable {
        var checkpoint: String?
        var minShare: Double?
        var leftFloorAt: Int?
        var stopped: String?
    }

    func trainer(seed: UInt64, cell: CellKind, truncation: Truncation) throws -> Trainer {
        var config = base
        config.seed = seed
        config.cell = cell
        config.truncation = truncation
        config.maxSteps = 0
        config.threads = 1
        return try Trainer(corpus: try config.loadCorpus(), config: config)
    }

    func warmUp(_ warmup: (truncation: Truncation, updates: Int), seed: UInt64, cell: CellKind, checkpoint: String) throws -> WarmUp {
        let trainer = try trainer(seed: seed, cell: cell, truncation: warmup.truncation)
        let training = TrainingLoop(trainer: trainer)
        let floors = trainer.corpus.lossFloors!
        var outcome = WarmUp()
        var lowest = Double.infinity
        while trainer.step < warmup.updates {
            let validation: TrainingLoop.Validation
            switch training.next() {
            case .diverged(_, let reason), .finished(let reason):
                outcome.stopped = "during the warm-up: \(reason)"
                return outcome
            case .trained(_, nil): continue
            case .trained(_, let due?): validation = due
            }
            let share = floors.recallShare(validation.evaluation.recallLoss ?? .nan)
            lowest = min(lowest, share)
            if outcome.leftFloorAt == nil && share < floorShare { outcome.leftFloorAt = trainer.step }
        }
        outcome.minShare = lowest.isFinite ? lowest : nil
        try TrainerCheckpoint.save(trainer, config: trainer.config, to: checkpoint)
        outcome.checkpoint = checkpoint
        return outcome
    }

    func runOne(truncation: Truncation, seed: UInt64, cell: CellKind, from warmUp: WarmUp? = nil) throws -> RunResult {
        var run = RunResult(reach: truncation.reach.map(String.init) ?? "off", k1: nil, k2: nil, seed: seed,
                      learnedAt: nil, learnedSeconds: nil, leftFloorAt: nil, minShare: .infinity,
                      finalShare: .nan, updates: 0, seconds: 0, stopped: nil)
        if case .blocks(let k1, let k2) = truncation { run.k1 = k1; run.k2 = k2 }
        if cells != nil { run.cell = cell.rawValue }
        run.warmupMinShare = warmUp?.minShare
        run.warmupLeftFloorAt = warmUp?.leftFloorAt
        if let stopped = warmUp?.stopped { run.stopped = stopped; return run }
        let trainer = try trainer(seed: seed, cell: cell, truncation: warmUp == nil ? truncation : warmup!.truncation)
        if let checkpoint = warmUp?.checkpoint {
            try TrainerCheckpoint.restore(trainer, from: checkpoint)
            try trainer.setTruncation(truncation)
        }
        let training = TrainingLoop(trainer: trainer)
        let floors = trainer.corpus.lossFloors!
        let started = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
        let origin = trainer.step
        var holdUntil: Int?
        updates: while holdUntil.map({ trainer.step < $0 }) ?? (trainer.step - origin < maxUpdates) {
            let validation: TrainingLoop.Validation
            switch training.next() {
            case .diverged(_, let reason), .finished(let reason):
                run.stopped = reason
                break updates
            case .trained(_, nil): continue
            case .trained(_, let due?): validation = due
            }
            let share = floors.recallShare(validation.evaluation.recallLoss ?? .nan)
            run.finalShare = share
            run.minShare = min(run.minShare, share)
            if run.leftFloorAt == nil && share < floorShare { run.leftFloorAt = trainer.step - origin }
            if holdUntil != nil {
                run.holdReadings! += 1
                if share < learnedShare { run.heldReadings! += 1 }
            } else if share < learnedShare {
                run.learnedAt = trainer.step - origin
                run.learnedSeconds = elapsed()
                guard holdUpdates > 0 else { break }
                holdUntil = trainer.step + holdUpdates
                run.holdReadings = 0
                run.heldReadings = 0
            }
        }
        run.updates = trainer.step - origin
        run.seconds = elapsed()
        return run
    }
}

struct StudyJob: Sendable {
    var cell: CellKind
    var truncation: Truncation
    var seed: UInt64
}
