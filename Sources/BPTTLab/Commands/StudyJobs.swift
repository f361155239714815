import ArgumentParser
import Foundation
import BPTTCorpus
import BPTTNumerics
import BPTTTraining

/// `--emit-jobs FILE` and `--results DIR`, shared by the study commands: a study too large for one
/// machine becomes one shell command per run, for GNU parallel, `xargs -P` or a Slurm array, each
/// writing its run's record into DIR; `bptt-lab study report DIR` merges them into the study's table.
struct StudyJobOptions: ParsableArguments {
    @Option(name: .customLong("emit-jobs"), help: ArgumentHelp(
        "Run nothing: write one self-contained shell command per run to this file, one a line (for GNU parallel, "
            + "xargs -P, or a Slurm array: sed -n \"${SLURM_ARRAY_TASK_ID}p\" FILE | sh). Each writes its run's record "
            + "into --results; `bptt-lab study report DIR` then prints the study's table.", valueName: "file"))
    var emitJobs: String?

    @Option(name: .customLong("results"), help: ArgumentHelp(
        "Write each run's record, and the study's plan (study.json), into this folder, for `bptt-lab study report` "
            + "(made if missing; refused if it holds another study's). Default with --emit-jobs: the file's name "
            + "without its extension, plus -results, beside it (jobs.txt: jobs-results).", valueName: "folder"))
    var results: String?

    /// Where the records go: --results, else (with --emit-jobs) beside the jobs file.
    var folder: String? {
        results ?? emitJobs.map { ($0 as NSString).deletingPathExtension + "-results" }
    }

    func checkCombination(json: String?) throws {
        if emitJobs != nil && json != nil {
            throw ValidationError("--emit-jobs runs nothing, so --json would have nothing to write: "
                + "leave it out and use `bptt-lab study report` on the results folder")
        }
    }
}

/// Writing the jobs file.
enum StudyJobs {
    /// Prepares the results folder (its plan) and writes one command a line, `command` giving each
    /// run's arguments after `bptt-lab` (the folder absolute, as the job may run anywhere).
    static func emit<S>(_ plan: StudyRecord.Plan<S>, jobs: StudyJobOptions, inputs: [OutputFile.Input],
                        command: (StudyRecord.Run, String) -> [String]) throws {
        guard let file = jobs.emitJobs, let folder = jobs.folder else { return }
        try OutputFile.check(file, option: "--emit-jobs", kind: .jobList, inputs: inputs)
        let executable = executablePath()
        let lines = try plan.runs.map { run in
            try ([executable] + command(run, absolute(folder))).map(quoted).joined(separator: " ")
        }
        try StudyFolder.prepare(folder, plan: plan, inputs: inputs)
        try OutputFile.replace(file, option: "--emit-jobs", kind: .jobList, inputs: inputs,
                               with: Array((lines.joined(separator: "\n") + "\n").utf8))
        let (shownFile, shownFolder) = (try quoted(file), try quoted(folder))
        print("\(lines.count) jobs in \(file), one a line; each writes its run's record into \(folder).")
        print("Run them, e.g.: xargs -d '\\n' -n 1 -P 4 sh -c < \(shownFile); then: bptt-lab study report \(shownFolder)")
    }

    /// The config options of a job: the config file's absolute path and the overrides, with the data
    /// paths (corpus, valid, test) absolute whether they came from the file or the command line.
    static func configArguments(_ options: RunOptions, _ config: TrainingConfig) throws -> [String] {
        let dataKeys: Set = ["corpus", "valid", "test"]
        let resolved = config.withAbsoluteDataPaths
        var words = options.config.map { ["--config", absolute($0)] } ?? []
        words += try RunOptions.pairs(options.overrides).filter { !dataKeys.contains($0.key) }.map { "--\($0.key)=\($0.value)" }
        if !resolved.usesBuiltinCorpus { words.append("--corpus=\(resolved.corpus)") }
        if !resolved.valid.isEmpty { words.append("--valid=\(resolved.valid)") }
        if !resolved.test.isEmpty { words.append("--test=\(resolved.test)") }
        return words
    }

    /// This bptt-lab, absolute, so that the file runs from any folder.
    static func executablePath() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return Bundle.main.executablePath ?? absolute(CommandLine.arguments[0])
    }

    static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// One word for sh: as it is when it holds only safe characters, else in single quotes (a quote
    /// inside as '\''). A line break cannot be in a one-command-a-line file, so it is refused.
    static func quoted(_ word: String) throws -> String {
        guard !word.contains(where: \.isNewline) else {
            throw LabError("--emit-jobs: '\(ErrorValue.cut(word))' holds a line break, which a file of one command "
                + "a line cannot hold: rename it")
        }
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        if !word.isEmpty && word.allSatisfy(safe.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
