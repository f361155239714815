import ArgumentParser
import Foundation
import BPTTTraining

/// `bptt-lab study`: headless experiments that check what the dashboard's stories claim.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Headless experiments behind the dashboard's claims.",
        subcommands: [TruncationStudyCommand.self])
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

    @Option(help: "The dependency distance d (default: the config's builtin_distance).")
    var distance: Int?

    @Option(help: "Seeds per reach: 1 ... N.")
    var seeds = 5

    @Option(name: .customLong("max-updates"), help: "Give up on a run after this many updates.")
    var maxUpdates = 300_000

    @Option(help: ArgumentHelp("Reaches to try, comma-separated, 'off' for sentence mode (default: 1 ... 2d, off).",
                               valueName: "list"))
    var reaches: String?

    @Option(help: "Runs in parallel (default: the machine's cores).")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("json"), help: ArgumentHelp("Also write every run as JSON here.", valueName: "path"))
    var jsonPath: String?

    func validate() throws {
        if seeds < 1 { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
        if maxUpdates < 1 { throw ValidationError("--max-updates must be at least 1, got \(maxUpdates)") }
        if workers < 1 { throw ValidationError("--workers must be at least 1, got \(workers)") }
        if let distance, distance < 2 { throw ValidationError("--distance must be at least 2, got \(distance)") }
        if let jsonPath {
            let directory = URL(fileURLWithPath: jsonPath).deletingLastPathComponent().path
            guard FileManager.default.isWritableFile(atPath: directory) else {
                throw ValidationError("--json \(jsonPath): cannot write in \(directory)")
            }
        }
    }

    func run() throws {
        try reportingErrors { try study() }
    }

    private func study() throws {
        var config = try options.loadConfig()
        if let distance { config.builtinDistance = distance }
        let k2: Int
        if case .blocks(_, let configK2) = config.truncationSetting { k2 = configK2 } else { k2 = 2 }
        let truncations = try reaches.map { try Self.parseReaches($0, k2: k2) }
            ?? TruncationStudy.reachGrid(distance: config.builtinDistance, k2: k2)
        var study = TruncationStudy(base: config, truncations: truncations, seeds: (1...seeds).map(UInt64.init),
                                    maxUpdates: maxUpdates, workers: workers)
        study.maxUpdates = maxUpdates
        try study.validate()
        let spec = config.syntheticSpec
        print("truncation study: d=\(spec.distance) K=\(spec.keys) distractors=\(spec.distractors) H=\(config.hidden) "
            + "B=\(config.batch) \(config.optimizer.rawValue) lr=\(config.learningRate), \(truncations.count) reaches x "
            + "\(seeds) seeds, at most \(maxUpdates) updates each, \(workers) at a time")
        let started = Date()
        let runs = try study.run { run, done, total in
            let outcome = run.learnedAt.map { "learned at \($0) (\(String(format: "%.1f", run.learnedSeconds ?? 0)) s)" }
                ?? run.stopped.map { "stopped: \($0)" }
                ?? "not within \(run.updates) (min share \(String(format: "%.2f", run.minShare)))"
            FileHandle.standardError.write(Data("[\(done)/\(total)] reach \(run.reach) seed \(run.seed): \(outcome)\n".utf8))
        }
        print(StudyReport.table(runs, maxUpdates: maxUpdates))
        print("")
        print(StudyReport.chart(runs, maxUpdates: maxUpdates))
        print(String(format: "\n%.0f s in all", Date().timeIntervalSince(started)))
        if let jsonPath {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            try encoder.encode(runs).write(to: URL(fileURLWithPath: jsonPath))
        }
    }

    /// "3,5,8,off" into truncations with k2 kept where possible.
    static func parseReaches(_ text: String, k2: Int) throws -> [Truncation] {
        try text.split(separator: ",").map { part in
            let word = part.trimmingCharacters(in: .whitespaces)
            if word == "off" { return .off }
            guard let reach = Int(word), reach >= 1 else {
                throw ValidationError("--reaches: '\(word)' is neither a reach of at least 1 nor 'off'")
            }
            let k1 = max(1, reach - k2)
            return .blocks(k1: k1, k2: reach - k1)
        }
    }
}
