import ArgumentParser
import Foundation
import BPTTNumerics
import BPTTTraining

/// `bptt-lab study`: headless experiments that check what the dashboard's stories claim.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Headless experiments behind the dashboard's claims.",
        subcommands: [TruncationStudyCommand.self, GradientStudyCommand.self, StudyReportCommand.self])
}

/// `bptt-lab study truncation`: updates until the key is learned, per truncation reach and seed.
struct TruncationStudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "truncation",
        abstract: "For each truncation reach (1 ... 2d, and off) and seed: updates until the key is learned.",
        discussion: """
            Trains fresh models on the built-in language exactly as the dashboard does (the config's \
            optimizer, validation and schedule) and watches the validation recall loss: the loss on the \
            repeated key, ln K without memory of the first key, 0 with it. A run has learned the key \
            once that loss falls below 10% of ln K. Runs go one per core. Reach r means k1 = r - k2 \
            update-block steps with the config's k2 (k1 at least 1); off is sentence mode, full BPTT.
            """)

    @OptionGroup var options: RunOptions

    // Unconditional: "-3" is read as the value (and refused by name) rather than as an option.
    @Option(parsing: .unconditional, help: "The dependency distance d (default: the config's builtin_distance).")
    var distance: Int?

    @Option(parsing: .unconditional, help: "Seeds per reach: S ... S + N - 1 with S = --first-seed.")
    var seeds = 5

    @Option(name: .customLong("first-seed"), parsing: .unconditional, help: "The first seed (to extend an earlier study with new seeds).")
    var firstSeed: UInt64 = 1

    @Option(name: .customLong("max-updates"), parsing: .unconditional, help: "Give up on a run after this many updates.")
    var maxUpdates = 300_000

    @Option(parsing: .unconditional, help: ArgumentHelp("Reaches to try, comma-separated, 'off' for sentence mode (default: 1 ... 2d, off).",
                               valueName: "list"))
    var reaches: StudyReachList?

    @Option(parsing: .unconditional, help: "Runs in parallel (default: the machine's cores).")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    @Option(parsing: .unconditional, help: ArgumentHelp("First train N updates at reach R (or 'off'), then switch, as the slider does; "
        + "updates to learn count from the switch.", valueName: "R:N"))
    var warmup: StudyWarmup?

    @Option(parsing: .unconditional, help: ArgumentHelp("After a run learns, train N more updates and report the share of validations "
        + "that stay learned (shows a key learned and lost again).", valueName: "N"))
    var hold = 0

    @Option(parsing: .unconditional, help: ArgumentHelp("Cells to compare, comma-separated (elman, gru, lstm): each runs every "
        + "reach and seed, with a table per cell (default: the config's cell alone).", valueName: "list"))
    var cells: String?

    @Option(name: .customLong("json"), help: ArgumentHelp("Also write every run as JSON here.", valueName: "path"))
    var jsonPath: String?

    @OptionGroup var jobs: StudyJobOptions

    // The numbers and lists are checked in run() (StudyArguments.swift): one line, exit 2.
    func run() throws {
        try reportingErrors { try study() }
    }

    private func study() throws {
        try jobs.checkCombination(json: jsonPath)
        var config = try options.loadConfig()
        try StudyOutput.check(jsonPath, kind: .truncationStudyReport, config: config, options: options)
        if let distance { config.builtinDistance = distance }
        let k2 = config.truncation.k2 ?? TrainingConfig.defaultBlocks.k2!
        let (seedList, truncations, warmup) = try checkedArguments(k2: k2, distance: config.builtinDistance)
        var study = TruncationStudy(base: config, truncations: truncations, seeds: seedList,
                                    maxUpdates: maxUpdates, workers: workers)
        study.holdUpdates = hold
        study.warmup = warmup
        study.cells = try checkedCells()
        try study.validate()
        let inputs = StudyOutput.inputs(config, options)
        if jobs.emitJobs != nil {
            let settings = try StudyJobs.configArguments(options, config) + ["--distance", String(config.builtinDistance),
                "--max-updates", String(maxUpdates), "--hold", String(hold)]
                + (self.warmup.map { ["--warmup", "\($0.reach):\($0.updates)"] } ?? [])
            return try StudyJobs.emit(study.plan, jobs: jobs, inputs: inputs) { run, folder in
                ["study", "truncation"] + settings + (run["cell"].map { ["--cells", $0] } ?? [])
                    + ["--reaches", run["reach"]!, "--seeds", "1",
                    "--first-seed", run["seed"]!, "--workers", "1", "--results", folder]
            }
        }
        if let folder = jobs.results {
            let plan = try StudyFolder.prepare(folder, plan: study.plan, inputs: inputs)
            try StudyFolder.checkRuns(study.plan.runs, folder: folder, plan: plan, inputs: inputs)
        }
        print("truncation study: \(StudyHeader.truncation(config, cells: study.cells)), \(truncations.count) reaches x "
            + "\(seeds) seeds, at most \(maxUpdates) updates each, \(workers) at a time"
            + (study.warmup.map { ", after \($0.updates) updates at \($0.truncation)" } ?? ""))
        let started = Date()
        let runs = try study.run(warmedUp: { seed, cell, share, stopped in
            let text = stopped ?? share.map { String(format: "lowest recall share %.2f", $0) } ?? "no validation"
            writeStandardError("warm-up \(cell.map { "cell \($0.rawValue) " } ?? "")seed \(seed) done: \(text)\n")
        }) { run, done, total in
            let held = run.holdReadings.map { ", then held for \(run.heldReadings ?? 0) of \($0) validations" } ?? ""
            let outcome = run.learnedAt.map { "learned at \($0) (\(String(format: "%.1f", run.learnedSeconds ?? 0)) s)\(held)" }
                ?? run.stopped.map { "stopped: \($0)" }
                ?? "not within \(run.updates) (min share \(String(format: "%.2f", run.minShare))"
                    + (run.leftFloorAt.map { ", below 0.9 from \($0)" } ?? "") + ")"
            let warmup = run.warmupMinShare.map { share in
                String(format: "; warm-up min share %.2f", share) + (run.warmupLeftFloorAt.map { ", below 0.9 from \($0)" } ?? "")
            } ?? ""
            writeStandardError("[\(done)/\(total)] \(run.cell.map { "cell \($0) " } ?? "")reach \(run.reach) seed \(run.seed): \(outcome)\(warmup)\n")
        }
        print(StudyReport.text(runs, maxUpdates: maxUpdates, holdUpdates: hold))
        print(String(format: "\n%.0f s in all", Date().timeIntervalSince(started)))
        if let jsonPath { try StudyOutput.writeJSON(runs, to: jsonPath, kind: .truncationStudyReport, config: config, options: options) }
        if let folder = jobs.results {
            try StudyFolder.writeRuns(runs, folder: folder, plan: study.plan, run: TruncationStudy.run(of:), inputs: inputs)
        }
    }
}

/// `bptt-lab study gradients`: how far errors travel back, over training, per seed.
struct GradientStudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradients",
        abstract: "Per seed, over training: how errors change going back, saturation, ρ(W), the recall.",
        discussion: """
            Trains fresh models as the dashboard does and, every --every updates, reads: the decades \
            the last output's error changes from the last step of the window to the farthest \
            (log10 r_far/r_0: negative = vanishing, positive = exploding), the share of saturated \
            hidden units (|s| > 0.95), the spectral radius of W, the recall loss as a share of ln K \
            (built-in corpus), updates clipped so far, and whether the non-finite guard stopped the run.
            """)

    @OptionGroup var options: RunOptions

    @Option(parsing: .unconditional, help: "Seeds: S ... S + N - 1 with S = --first-seed.")
    var seeds = 5

    @Option(name: .customLong("first-seed"), parsing: .unconditional, help: "The first seed (to extend an earlier study with new seeds).")
    var firstSeed: UInt64 = 1

    @Option(name: .customLong("max-updates"), parsing: .unconditional, help: "Updates per run.")
    var maxUpdates = 100_000

    @Option(parsing: .unconditional, help: "Updates between readings.")
    var every = 10_000

    @Option(parsing: .unconditional, help: "Runs in parallel (default: the machine's cores).")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("json"), help: ArgumentHelp("Also write every reading as JSON here.", valueName: "path"))
    var jsonPath: String?

    @OptionGroup var jobs: StudyJobOptions

    // The numbers are checked in run() (StudyArguments.swift): one line, exit 2.
    func run() throws {
        try reportingErrors {
            try jobs.checkCombination(json: jsonPath)
            let seedList = try checkedSeeds()
            let config = try options.loadConfig()
            try StudyOutput.check(jsonPath, kind: .gradientStudyReport, config: config, options: options)
            let study = GradientStudy(base: config, seeds: seedList, maxUpdates: maxUpdates,
                                      every: every, workers: workers)
            let inputs = StudyOutput.inputs(config, options)
            if jobs.emitJobs != nil {
                let settings = try StudyJobs.configArguments(options, config)
                    + ["--max-updates", String(maxUpdates), "--every", String(every)]
                return try StudyJobs.emit(study.plan, jobs: jobs, inputs: inputs) { run, folder in
                    ["study", "gradients"] + settings + ["--seeds", "1", "--first-seed", run["seed"]!,
                        "--workers", "1", "--results", folder]
                }
            }
            if let folder = jobs.results {
                let plan = try StudyFolder.prepare(folder, plan: study.plan, inputs: inputs)
                try StudyFolder.checkRuns(study.plan.runs, folder: folder, plan: plan, inputs: inputs)
            }
            print("gradient study: \(config.name), \(seeds) seeds, \(maxUpdates) updates each, a reading every \(every)")
            let runs = try study.run { run, done, total in
                let end = run.nonFinite.map { "stopped: \($0)" } ?? "\(run.readings.last?.step ?? 0) updates"
                writeStandardError("[\(done)/\(total)] seed \(run.seed): \(end)\n")
            }
            print(GradientStudyReport.table(runs))
            if let jsonPath { try StudyOutput.writeJSON(runs, to: jsonPath, kind: .gradientStudyReport, config: config, options: options) }
            if let folder = jobs.results {
                try StudyFolder.writeRuns(runs, folder: folder, plan: study.plan, run: GradientStudy.run(of:), inputs: inputs)
            }
        }
    }
}

/// Shared by the study commands: the --json file, checked before the study runs and written
/// atomically after (`OutputFile`).
enum StudyOutput {
    static func check(_ path: String?, kind: OutputKind, config: TrainingConfig, options: RunOptions) throws {
        guard let path else { return }
        try OutputFile.check(path, option: "--json", kind: kind, inputs: inputs(config, options))
    }

    static func writeJSON<T: Encodable>(_ value: T, to path: String, kind: OutputKind, config: TrainingConfig,
                                        options: RunOptions) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try OutputFile.replace(path, option: "--json", kind: kind, inputs: inputs(config, options),
                               with: Array(try encoder.encode(value)))
    }

    /// The files a study reads: the config's data files and the config file itself.
    static func inputs(_ config: TrainingConfig, _ options: RunOptions) -> [OutputFile.Input] {
        config.inputFiles + (options.config.map { [.init(path: $0, role: "the config file")] } ?? [])
    }
}
