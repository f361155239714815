import ArgumentParser
import BPTTNumerics
import BPTTTraining
import Foundation

/// `bptt-lab bench`: times the BPTT engines and full training steps, single-threaded.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time naive vs optimized BPTT and full training steps (1 BLAS thread).",
        discussion: """
            Table 1: time per sequence of back-propagation through time (output errors -> dU, dW, db, \
            the part the naive and optimized algorithms compute) at H in {64,128,256}, T in {25,50,100,200}, V=64, \
            B=1, naive and optimized, their ratio beside (T+1)/2, and the numpy reference \
            (bench/numpy_reference.py) when python3 and numpy are present. Table 2: tokens/s and GFLOP/s of \
            full training steps at 1 and 2 worker threads (--threads), with the machine's sgemm rate as the \
            roofline: character-sized rows (V=64), then word-level rows (V=10k generated Zipf words, B=32 and 1, \
            H=200 and 100, T=35) with the full softmax beside 100 classes and the classes' speed-up over it. \
            Every table 2 row trains through the same Trainer.update as `bptt-lab train`. With --config FILE \
            (and/or config overrides such as --corpus data/kjv.txt) table 2 also times that run as train \
            would make it, on its own text (with --only train: that run alone, unless --train-size is given). \
            Table 1 times are the fastest sample of the thread's CPU time; table 2 rates are tokens over the \
            wall-clock time of all timed updates, as train's interval records count them.
            """)

    @Flag(help: "Fewer repetitions (finishes in well under 30 s).")
    var quick = false

    @Option(name: .customLong("json"), help: ArgumentHelp("Also write the figures as JSON to this file.", valueName: "path"))
    var jsonPath: String?

    @Option(help: ArgumentHelp("The numpy reference script (default: bench/numpy_reference.py).", valueName: "path"))
    var numpyScript: String?

    @Flag(help: "Skip the numpy comparison.")
    var noNumpy = false

    @Option(help: "Which tables to measure: all, backward (table 1) or train (table 2).")
    var only: BenchRunner.Tables = .all

    @Option(name: .customLong("train-size"),
            help: ArgumentHelp("Table 2 size as BxHxVxT (uniform tokens), BxHxVxT:zipf (Zipf words) or BxHxVxT:cN "
                + "(Zipf words, N classes) instead of the standard sizes (repeatable).", valueName: "BxHxVxT[:zipf|:cN]"))
    var trainSizes: [String] = []

    @OptionGroup(title: "A config's own row in table 2 (after the standard rows)")
    var runOptions: RunOptions

    @Option(name: .customLong("threads"),
            help: ArgumentHelp("Table 2 worker-thread counts instead of 1 and 2 (repeatable).", valueName: "N"))
    var threads: [Int] = []

    func validate() throws {
        if threads.contains(where: { !(1...64).contains($0) }) { throw ValidationError("--threads: expected 1...64") }
        for size in trainSizes { _ = try Self.parseTrainingSize(size) }
        if let numpyScript, !FileManager.default.isReadableFile(atPath: numpyScript) {
            throw ValidationError("--numpy-script \(numpyScript): no readable file there")
        }
    }

    /// Parses "BxHxVxT[:zipf|:cN][:gru|:lstm]" into a training size.
    static func parseTrainingSize(_ text: String) throws -> BenchPlan.TrainingSize {
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        let parts = pieces[0].split(separator: "x").map { Int($0) }
        var suffixes = pieces.dropFirst().map(String.init)
        let cell = suffixes.last.flatMap(CellKind.init(rawValue:))
        if cell != nil { suffixes.removeLast() }
        let suffix = suffixes.first
        let classes = suffix.flatMap { $0.hasPrefix("c") ? Int($0.dropFirst()) : nil }
        guard parts.count == 4, let b = parts[0], let h = parts[1], let v = parts[2], let t = parts[3],
              b >= 1, h >= 1, v >= 1, t >= 1, b * t <= 1 << 20, h <= 4096, v <= 1 << 16, suffixes.count <= 1,
              suffix == nil || suffix == "zipf" || (classes ?? 0) >= 1 else {
            throw ValidationError("--train-size \(text): expected BxHxVxT with positive sizes (e.g. 32x256x64x50), "
                + "B*T <= 1048576, H <= 4096, V <= 65536, optionally :zipf or :cN (N >= 1 classes, e.g. 32x200x10000x35:c100), "
                + "then optionally the cell, :gru or :lstm (e.g. 32x256x64x50:lstm)")
        }
        return BenchPlan.TrainingSize(batch: b, hidden: h, vocabulary: v, length: t, zipf: suffix == "zipf", classes: classes,
                                      cell: cell ?? .elman)
    }

    func run() throws {
        var plan: BenchPlan = quick ? .quick : .full
        if !trainSizes.isEmpty { plan.trainingSizes = try trainSizes.map(Self.parseTrainingSize) }
        var inputs: [OutputFile.Input] = []
        try reportingErrors {
            if runOptions.config != nil || !runOptions.overrides.isEmpty {
                // The run `bptt-lab train` would make with the same --config and overrides; loaded (and any
                // bad key or file reported) before the minutes of measuring.
                let config = try runOptions.loadConfig()
                plan.trainingConfig = (config, try config.loadCorpus())
                if trainSizes.isEmpty && only == .train { plan.trainingSizes = [] }
                inputs = config.inputFiles + (runOptions.config.map { [.init(path: $0, role: "the config file")] } ?? [])
            }
            // The output path is checked before the minutes of measuring, with a one-line error.
            if let jsonPath { try OutputFile.check(jsonPath, option: "--json", kind: .benchReport, inputs: inputs) }
        }
        if !threads.isEmpty { plan.trainingThreads = threads }
        let report = BenchRunner.run(plan: plan, tables: only, numpyScript: numpyScript, useNumpy: !noNumpy) { line in
            // Unbuffered, so each row shows up as soon as it is measured, even through a pipe.
            writeStandardOutput(line + "\n")
        }
        if let jsonPath {
            try reportingErrors {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try OutputFile.replace(jsonPath, option: "--json", kind: .benchReport, inputs: inputs,
                                       with: Array(try encoder.encode(report)))
            }
            print("wrote \(jsonPath)")
        }
    }
}

extension BenchRunner.Tables: ExpressibleByArgument {}
