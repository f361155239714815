import ArgumentParser
import BPTTCorpus
import BPTTNumerics
import BPTTTraining

/// The numbers a study may be asked for, checked before anything is allocated or run. Each is
/// refused by its option's name in one line (exit 2), as `train` refuses a bad `--steps`.
enum StudyLimits {
    /// Runs in one study (seeds x reaches): at most 100,000, each training up to --max-updates.
    static let maximumRuns = 100_000
    /// Updates of one run, of a warm-up and of a hold: at most a billion each (days of training; the
    /// sum of the three stays far from Int's range).
    static let maximumUpdates = 1_000_000_000
    /// Threads (one run each): far above any core count, far below what the system would refuse.
    static let maximumWorkers = 1024

    static func check(_ value: Int, _ option: String, _ range: ClosedRange<Int>, _ why: String = "") throws {
        guard range.contains(value) else {
            throw ValidationError("\(option) must be within \(range.lowerBound)...\(range.upperBound), got \(value)" + why)
        }
    }

    /// Seeds first ... first + count - 1, refused if they would go past the largest UInt64.
    static func seeds(first: UInt64, count: Int) throws -> [UInt64] {
        try check(count, "--seeds", 1...maximumRuns)
        let last = first.addingReportingOverflow(UInt64(count - 1))
        guard !last.overflow else {
            throw ValidationError("--first-seed \(first) with --seeds \(count) goes past the largest seed, "
                + "\(UInt64.max): use a first seed of at most \(UInt64.max - UInt64(count - 1))")
        }
        return (0..<UInt64(count)).map { first + $0 }
    }

    /// Refuses more than `maximumRuns` (seeds x reaches) before the jobs are listed.
    static func checkRuns(seeds: Int, reaches: Int) throws {
        let runs = seeds.multipliedReportingOverflow(by: reaches)
        guard !runs.overflow, runs.partialValue <= maximumRuns else {
            throw ValidationError("--seeds \(seeds) x \(reaches) reaches would be more than \(maximumRuns) runs "
                + "(a study is limited to that many): use fewer seeds or reaches")
        }
    }
}

extension TruncationStudyCommand {
    /// Checks every number and list option and returns the seeds, the reaches and the warm-up.
    func checkedArguments(k2: Int, distance: Int) throws
        -> (seeds: [UInt64], truncations: [Truncation], warmup: (truncation: Truncation, updates: Int)?) {
        try StudyLimits.check(maxUpdates, "--max-updates", 1...StudyLimits.maximumUpdates)
        try StudyLimits.check(hold, "--hold", 0...StudyLimits.maximumUpdates)
        try StudyLimits.check(workers, "--workers", 1...StudyLimits.maximumWorkers)
        if let distance = self.distance {
            try StudyLimits.check(distance, "--distance", SyntheticCorpusSpec.distanceRange)
        }
        let truncations: [Truncation]
        if let reaches {
            guard !reaches.reaches.isEmpty else {
                throw ValidationError("--reaches '\(ErrorValue.cut(reaches.text))' names no reach: give reaches like 5,16,off")
            }
            truncations = try reaches.reaches.map { try $0.truncation(k2: k2, option: "--reaches") }
        } else {
            truncations = TruncationStudy.reachGrid(distance: min(distance, SyntheticCorpusSpec.distanceRange.upperBound), k2: k2)
        }
        // Each cell runs every reach: a cell axis counts as that many more reaches.
        try StudyLimits.checkRuns(seeds: seeds, reaches: truncations.count * (try checkedCells()?.count ?? 1))
        let seedList = try StudyLimits.seeds(first: firstSeed, count: seeds)
        return (seedList, truncations, try warmup.map { try Self.checked($0, k2: k2) })
    }

    /// `--cells` as cells (each once, in the order given); nil without the option.
    func checkedCells() throws -> [CellKind]? {
        guard let cells else { return nil }
        let names = cells.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let known = CellKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard !names.isEmpty else { throw ValidationError("--cells '\(ErrorValue.cut(cells))' names no cell: give cells like elman,lstm") }
        var list: [CellKind] = []
        for name in names {
            guard let cell = CellKind(rawValue: name) else {
                throw ValidationError("--cells: '\(ErrorValue.cut(name))' is not a cell: give \(known)")
            }
            guard !list.contains(cell) else { throw ValidationError("--cells: \(name) is named twice") }
            list.append(cell)
        }
        return list
    }

    /// The warm-up's truncation, with N within 1...maximumUpdates.
    static func checked(_ warmup: StudyWarmup, k2: Int) throws -> (truncation: Truncation, updates: Int) {
        let truncation = try warmup.reach.truncation(k2: k2, option: "--warmup")
        guard (1...StudyLimits.maximumUpdates).contains(warmup.updates) else {
            throw ValidationError("--warmup \(ErrorValue.cut(warmup.text)): N (after the ':') must be a number of updates "
                + "within 1...\(StudyLimits.maximumUpdates), got '\(warmup.updates)'")
        }
        return (truncation, warmup.updates)
    }
}

extension GradientStudyCommand {
    /// Checks every number option and returns the seeds.
    func checkedSeeds() throws -> [UInt64] {
        try StudyLimits.check(maxUpdates, "--max-updates", 1...StudyLimits.maximumUpdates)
        try StudyLimits.check(every, "--every", 1...maxUpdates)
        try StudyLimits.check(workers, "--workers", 1...StudyLimits.maximumWorkers)
        return try StudyLimits.seeds(first: firstSeed, count: seeds)
    }
}
