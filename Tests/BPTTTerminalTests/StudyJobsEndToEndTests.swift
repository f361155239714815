import Foundation
import Testing

/// Issue 21, item 4: a study split into one shell command per run (`--emit-jobs`), the commands run
/// apart, and `study report` merging their records into the table the whole study prints.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct StudyJobsEndToEndTests {
    /// Tiny runs (a second or so each): H = 8, B = 2, 20 updates with a validation every 10.
    static let tiny = ["--hidden", "8", "--batch", "2", "--validate_every", "10", "--max-updates", "20"]
    static let truncation = ["study", "truncation"] + tiny
        + ["--distance", "6", "--reaches", "2,off", "--seeds", "2", "--first-seed", "3", "--warmup", "2:10"]
    static let gradients = ["study", "gradients"] + tiny + ["--every", "10", "--seeds", "2"]

    /// A config in a folder whose name needs quoting (a space and a quote), in a fresh workspace.
    static func workspace() throws -> (ReliabilityWorkspace, config: String) {
        let work = try ReliabilityWorkspace()
        try FileManager.default.createDirectory(atPath: work.path("it's a dir"), withIntermediateDirectories: false)
        try "name = tiny\nbuiltin_sentences = 400\n".write(toFile: work.path("it's a dir/run.cfg"), atomically: false, encoding: .utf8)
        return (work, "it's a dir/run.cfg")
    }

    /// A job line as sh splits it into words (so the quoting is what is tested).
    static func words(_ line: String) throws -> [String] {
        let printed = try Subprocess.run("/bin/sh", ["-c", "printf '%s\\n' " + line])
        return printed.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Runs one job line with sh from another folder, as a job array would.
    static func runJob(_ line: String) throws {
        let result = try Subprocess.run("/bin/sh", ["-c", "cd / && " + line], timeout: .seconds(60))
        #expect(result.status == 0, "\(line): \(result.stderr)")
    }

    /// The table (and chart) of a study's or a report's output: without the settings line above it
    /// and the study's "N s in all" below.
    static func body(_ stdout: String) -> String {
        var lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropFirst()
        while let last = lines.last, last.isEmpty || last.hasSuffix(" s in all") { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func emitJobsWritesOneSelfContainedCommandPerRun() throws {
        let (work, config) = try Self.workspace()
        defer { work.remove() }
        let emitted = try work.run(Self.truncation + ["--config", config, "--emit-jobs", "jobs.txt", "--results", "out 'r"],
                                   in: work.directory)
        #expect(emitted.status == 0, "\(emitted.stderr)")
        #expect(!emitted.stdout.contains("reach"), "nothing ran: \(emitted.stdout)")
        let jobs = try Self.lines(work.path("jobs.txt"))
        let runs = [("2", "3"), ("2", "4"), ("off", "3"), ("off", "4")]
        #expect(jobs.count == runs.count)
        for (line, (reach, seed)) in zip(jobs, runs) {
            let words = try Self.words(line)
            func value(_ option: String) -> String? { words.firstIndex(of: option).map { words[$0 + 1] } }
            #expect(words.first?.hasPrefix("/") == true && FileManager.default.isExecutableFile(atPath: words[0]))
            #expect(Array(words[1...2]) == ["study", "truncation"])
            #expect(value("--config") == work.path(config) && value("--results") == work.path("out 'r"))
            #expect(value("--reaches") == reach && value("--first-seed") == seed && value("--seeds") == "1")
            #expect(value("--distance") == "6" && value("--max-updates") == "20" && value("--warmup") == "2:10")
            #expect(value("--hold") == "0" && value("--workers") == "1")
            #expect(words.contains("--hidden=8") && words.contains("--batch=2") && words.contains("--validate_every=10"))
        }
        #expect(FileManager.default.fileExists(atPath: work.path("out 'r/study.json")))
        // Without --results the records go beside the jobs file.
        let defaulted = try work.run(Self.gradients + ["--emit-jobs", "g.jobs"], in: work.directory)
        #expect(defaulted.status == 0, "\(defaulted.stderr)")
        #expect(try Self.lines(work.path("g.jobs")).allSatisfy { try Self.words($0).last == work.path("g-results") })
    }

    @Test func theReportOfTheJobsIsTheStudysTable() throws {
        let (work, config) = try Self.workspace()
        defer { work.remove() }
        for (study, name) in [(Self.truncation, "t"), (Self.gradients, "g")] {
            let arguments = study + ["--config", config]
            let direct = try work.run(arguments, in: work.directory, timeout: .seconds(60))
            #expect(direct.status == 0, "\(direct.stderr)")
            #expect(try work.run(arguments + ["--emit-jobs", "\(name).jobs"], in: work.directory).status == 0)
            let jobs = try Self.lines(work.path("\(name).jobs"))
            for line in jobs.dropFirst() { try Self.runJob(line) }
            // One run still out: the table of the others, and that run named on stderr.
            let partial = try work.run(["study", "report", "\(name)-results"], in: work.directory)
            #expect(partial.status == 0, "\(partial.stderr)")
            #expect(partial.stderr.contains("1 of \(jobs.count) planned runs without a record yet")
                && partial.stderr.contains(name == "t" ? "reach 2 seed 3" : "seed 1"), "\(partial.stderr)")
            #expect(Self.body(partial.stdout) != Self.body(direct.stdout))
            try Self.runJob(jobs[0])
            let report = try work.run(["study", "report", work.path("\(name)-results")])
            #expect(report.status == 0 && report.stderr.isEmpty, "\(report.stderr)")
            #expect(Self.body(report.stdout) == Self.body(direct.stdout), "report:\n\(report.stdout)\nstudy:\n\(direct.stdout)")
            #expect(Self.body(report.stdout).contains(name == "t" ? "updates to learn, per seed" : "valid loss"))
        }
    }

    /// `--cells`: one job per cell, reach and seed, each with `--cells` naming its cell; the report of
    /// the jobs is the study's own output, a table per cell.
    @Test func aStudyOverCellsSplitsIntoJobsPerCell() throws {
        let (work, config) = try Self.workspace()
        defer { work.remove() }
        let arguments = ["study", "truncation"] + Self.tiny
            + ["--distance", "6", "--reaches", "off", "--seeds", "2", "--cells", "lstm,elman", "--config", config]
        let direct = try work.run(arguments, in: work.directory, timeout: .seconds(60))
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(direct.stdout.contains("cells lstm,elman") && direct.stderr.contains("cell lstm reach off seed 1"))
        #expect(try work.run(arguments + ["--emit-jobs", "c.jobs"], in: work.directory).status == 0)
        let jobs = try Self.lines(work.path("c.jobs"))
        #expect(try jobs.map { line -> String? in
            let words = try Self.words(line)
            return words.firstIndex(of: "--cells").map { words[$0 + 1] + " " + words[words.firstIndex(of: "--first-seed")! + 1] }
        } == ["lstm 1", "lstm 2", "elman 1", "elman 2"])
        for line in jobs { try Self.runJob(line) }
        let files = try FileManager.default.contentsOfDirectory(atPath: work.path("c-results")).sorted()
        #expect(files == ["cell-elman-reach-off-seed-1.json", "cell-elman-reach-off-seed-2.json",
                          "cell-lstm-reach-off-seed-1.json", "cell-lstm-reach-off-seed-2.json", "study.json"])
        let report = try work.run(["study", "report", "c-results"], in: work.directory)
        #expect(report.status == 0 && report.stderr.isEmpty, "\(report.stderr)")
        #expect(report.stdout.contains("cells lstm,elman"))
        #expect(Self.body(report.stdout) == Self.body(direct.stdout), "report:\n\(report.stdout)\nstudy:\n\(direct.stdout)")
        #expect(Self.body(direct.stdout).hasPrefix("cell lstm\n") && Self.body(direct.stdout).contains("\n\ncell elman\n"))
    }

    /// An unknown or repeated cell is refused by the option's name, before anything runs.
    @Test func aCellListIsCheckedByName() throws {
        let (work, config) = try Self.workspace()
        defer { work.remove() }
        for (cells, reason) in [("elman,rnn", "--cells: 'rnn' is not a cell: give elman, gru, lstm"),
                                ("lstm,lstm", "--cells: lstm is named twice"), (",", "--cells ',' names no cell")] {
            let result = try work.run(Self.truncation + ["--config", config, "--cells", cells], in: work.directory)
            #expect(result.status == 2 && ReliabilityWorkspace.oneLine(result.stderr) && result.stderr.contains(reason),
                    "\(cells): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func theReportRefusesWhatWouldMakeTheTableLie() throws {
        let (work, config) = try Self.workspace()
        defer { work.remove() }
        let gradients = Self.gradients + ["--config", config]
        #expect(try work.run(gradients + ["--emit-jobs", "g.jobs"], in: work.directory).status == 0)
        for line in try Self.lines(work.path("g.jobs")) { try Self.runJob(line) }
        // A run of another study (30 updates), in its own folder.
        var otherStudy = gradients
        otherStudy[otherStudy.firstIndex(of: "--max-updates")! + 1] = "30"
        #expect(try work.run(otherStudy + ["--seeds", "1", "--results", "other"], in: work.directory).status == 0)
        try FileManager.default.createDirectory(atPath: work.path("empty"), withIntermediateDirectories: false)

        /// A copy of the finished folder with `file` added (or replaced): a copy of `source`, or `text`.
        func copyResults(_ name: String, adding file: String, from source: String? = nil, text: String? = nil) throws -> String {
            try FileManager.default.copyItem(atPath: work.path("g-results"), toPath: work.path(name))
            let path = work.path("\(name)/\(file)")
            try? FileManager.default.removeItem(atPath: path)
            if let source { try FileManager.default.copyItem(atPath: work.path(source), toPath: path) }
            if let text { try text.write(toFile: path, atomically: false, encoding: .utf8) }
            return path
        }
        let cases: [(folder: String, file: String, reason: String)] = [
            (work.path("empty"), work.path("empty"), "no study.json in it"),
            (work.path("broken"), try copyResults("broken", adding: "x.json", text: "{\"format\": "), "malformed: not JSON"),
            (work.path("foreign"), try copyResults("foreign", adding: "y.json", text: "[1, 2]\n"), "not a study run record"),
            (work.path("mixed"), try copyResults("mixed", adding: "seed-1.json", from: "other/seed-1.json"),
             "from another study: max_updates is 30 here, 20 in"),
            (work.path("twice"), try copyResults("twice", adding: "seed-1 again.json", from: "g-results/seed-1.json"),
             "seed 1 a second time"),
        ]
        for (folder, file, reason) in cases {
            let result = try work.run(["study", "report", folder], in: work.directory)
            #expect(result.status == 2, "\(folder): \(result.stdout)")
            #expect(ReliabilityWorkspace.oneLine(result.stderr) && result.stderr.contains(reason)
                && result.stderr.contains(file), "\(folder): \(result.stderr)")
            #expect(result.stdout.isEmpty, "no table: \(result.stdout)")
        }
        // The jobs of another study are refused before they could mix into a folder.
        let mixing = try work.run(otherStudy + ["--emit-jobs", "o.jobs", "--results", "g-results"], in: work.directory)
        #expect(mixing.status == 2 && ReliabilityWorkspace.oneLine(mixing.stderr)
            && mixing.stderr.contains("holds another study's results"), "\(mixing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.path("o.jobs")))
    }
}
