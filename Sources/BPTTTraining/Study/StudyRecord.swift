import Foundation

/// The files of a study's results folder (`--results DIR`), written so that runs made apart (one
/// job each, on other machines) merge into the table the whole study prints:
///
/// - `study.json`, the plan: the study, its settings (every value a run's outcome depends on, the
///   config included) and its runs, each named by its value on every axis (`reach`, `seed`);
/// - one record per run, `reach-5-seed-3.json`: the same settings, the run's axis values, its result.
///
/// A new axis (`cell`, with `--cells`) is one more name in `axes` and one more key in each run; the
/// settings hold only what all runs share, so mixed studies are told apart by comparing them.
public enum StudyRecord {
    public static let planFile = "study.json"
    static let planFormat = "bptt-lab study plan 1"
    static let runFormat = "bptt-lab study run 1"

    /// One run's value on each axis, e.g. ["reach": "5", "seed": "3"].
    public typealias Run = [String: String]

    /// `study.json`.
    public struct Plan<Settings: Codable & Equatable & Sendable>: Codable, Sendable {
        public var format = StudyRecord.planFormat
        public var study: String
        public var settings: Settings
        /// The axes in the study's order: the runs vary the last fastest, as the study runs them.
        public var axes: [String]
        public var runs: [Run]

        public init(study: String, settings: Settings, axes: [String], runs: [Run]) {
            self.study = study; self.settings = settings; self.axes = axes; self.runs = runs
        }
    }

    /// One run's file.
    public struct RunFile<Settings: Codable & Equatable & Sendable, Result: Codable & Sendable>: Codable, Sendable {
        public var format = StudyRecord.runFormat
        public var study: String
        public var settings: Settings
        public var run: Run
        public var result: Result

        public init(study: String, settings: Settings, run: Run, result: Result) {
            self.study = study; self.settings = settings; self.run = run; self.result = result
        }
    }

    /// The fields that say what a file is, read before its typed form.
    struct Header {
        var format: String
        var study: String
    }

    /// "reach 5 seed 3", for messages.
    public static func describe(_ run: Run, axes: [String]) -> String {
        axes.map { "\($0) \(run[$0] ?? "?")" }.joined(separator: " ")
    }

    /// "reach-5-seed-3.json": axis values are numbers and words (`off`), safe in a file name.
    public static func fileName(_ run: Run, axes: [String]) -> String {
        axes.map { "\($0)-\(run[$0] ?? "")" }.joined(separator: "-") + ".json"
    }
}

extension TruncationStudy {
    /// What every run of this study shares (its record's `settings`).
    public struct Settings: Codable, Equatable, Sendable {
        public var config: TrainingConfig
        public var maxUpdates: Int
        public var holdUpdates: Int
        public var warmup: Truncation?
        public var warmupUpdates: Int?
        public var learnedShare: Double
        public var floorShare: Double

        enum CodingKeys: String, CodingKey {
            case config, warmup
            case maxUpdates = "max_updates", holdUpdates = "hold_updates", warmupUpdates = "warmup_updates"
            case learnedShare = "learned_share", floorShare = "floor_share"
        }
    }

    public static let recordName = "truncation"
    public static let axes = ["reach", "seed"]
    /// With `cells`, the cell is the outermost axis: each cell runs every reach and seed.
    public static let cellAxes = ["cell"] + axes

    public var settings: Settings {
        Settings(config: base.withAbsoluteDataPaths, maxUpdates: maxUpdates, holdUpdates: holdUpdates,
                 warmup: warmup?.truncation, warmupUpdates: warmup?.updates,
                 learnedShare: learnedShare, floorShare: floorShare)
    }

    static func reachName(_ truncation: Truncation) -> String { truncation.reach.map(String.init) ?? Truncation.offName }

    /// Every run in the order `run` makes them: cell by cell (with `cells`), reach by reach, each over
    /// the seeds.
    public var plan: StudyRecord.Plan<Settings> {
        let runs = cellList.flatMap { cell in
            truncations.flatMap { truncation in
                seeds.map { seed -> StudyRecord.Run in
                    var run = ["reach": Self.reachName(truncation), "seed": String(seed)]
                    if cells != nil { run["cell"] = cell.rawValue }
                    return run
                }
            }
        }
        return .init(study: Self.recordName, settings: settings, axes: cells == nil ? Self.axes : Self.cellAxes, runs: runs)
    }

    public static func run(of result: RunResult) -> StudyRecord.Run {
        var run = ["reach": result.reach, "seed": String(result.seed)]
        if let cell = result.cell { run["cell"] = cell }
        return run
    }
}

extension GradientStudy {
    public struct Settings: Codable, Equatable, Sendable {
        public var config: TrainingConfig
        public var maxUpdates: Int
        public var every: Int
        enum CodingKeys: String, CodingKey { case config, every; case maxUpdates = "max_updates" }
    }

    public static let recordName = "gradients"
    public static let axes = ["seed"]

    public var settings: Settings { Settings(config: base.withAbsoluteDataPaths, maxUpdates: maxUpdates, every: every) }

    public var plan: StudyRecord.Plan<Settings> {
        .init(study: Self.recordName, settings: settings, axes: Self.axes, runs: seeds.map { ["seed": String($0)] })
    }

    public static func run(of result: RunResult) -> StudyRecord.Run { ["seed": String(result.seed)] }
}
