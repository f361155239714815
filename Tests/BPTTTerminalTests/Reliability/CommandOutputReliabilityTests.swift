import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 24, every command's outputs (cases 1-4, 7, 20, 21): the real binary writing screenshots,
/// study and bench reports and metrics over inputs, foreign files, links, FIFOs and full disks.
/// Each case asserts the exit status, the one-line message, and the checksums of every file around.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct CommandOutputReliabilityTests {
    // (1) screenshot --out / --text-out never replace an input, a foreign file, a link or each other.
    @Test func screenshotRefusesInputsForeignFilesAndOneFileTwice() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let corpus = try work.writeCorpus()
        try "name = mine\nhidden = 8\nbatch = 2\n".write(toFile: work.path("run.cfg"), atomically: false, encoding: .utf8)
        try "# notes\n".write(toFile: work.path("notes.md"), atomically: false, encoding: .utf8)
        #expect(link(corpus, work.path("hard.txt")) == 0)
        #expect(symlink(work.path("notes.md"), work.path("link.svg")) == 0)
        #expect(mkfifo(work.path("fifo.svg"), 0o600) == 0)
        let before = work.fingerprint()
        let base = ["screenshot", "--config", work.path("run.cfg"), "--corpus", corpus, "--updates", "5", "--timeout", "20"]
        let cases: [([String], String)] = [
            (["--out", corpus], "it is the corpus of this run"),
            (["--out", work.path("hard.txt")], "it is the corpus of this run"),
            (["--out", work.path("run.cfg")], "it is the config file of this run"),
            (["--out", work.path("notes.md")], "the file exists and is not an SVG picture"),
            (["--out", work.path("link.svg")], "a symbolic link, not a regular file"),
            (["--out", work.path("fifo.svg")], "a FIFO, not a regular file"),
            (["--out", work.path("new.svg"), "--text-out", work.path("notes.md")], "is not a bptt-lab text screen"),
            (["--out", work.path("same"), "--text-out", work.path("same")], "--out and --text-out name the same file"),
            (["--out", work.path("new.svg"), "--text-out", work.path("hard.txt")], "it is the corpus of this run"),
        ]
        for (extra, reason) in cases {
            let result = try work.run(base + extra, timeout: .seconds(30))
            #expect(result.status == 2, "\(extra): \(result.stderr)")
            #expect(ReliabilityWorkspace.oneLine(result.stderr) && result.stderr.contains(reason), "\(extra): \(result.stderr)")
        }
        #expect(ReliabilityWorkspace.changed(before, work.fingerprint()).isEmpty)
    }

    // (1) What screenshot wrote it may replace: an SVG and a text screen of an earlier picture.
    @Test func screenshotReplacesItsOwnEarlierPictures() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let arguments = ["screenshot", "--hidden", "8", "--updates", "5", "--size", "80x24", "--timeout", "60",
                         "--out", work.path("s.svg"), "--text-out", work.path("s.txt")]
        for round in 1...2 {
            let result = try work.run(arguments, timeout: .seconds(90))
            #expect(result.status == 0, "round \(round): \(result.stderr)")
        }
        let svg = try String(contentsOfFile: work.path("s.svg"), encoding: .utf8)
        let text = try String(contentsOfFile: work.path("s.txt"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().count == 24)
        #expect(Set(work.fingerprint().keys) == ["s.svg", "s.txt"], "no temporary file is left")
    }

    // (2) study --json: refused before the study runs (one line, exit 2), never through a FIFO.
    @Test func studyJsonIsCheckedBeforeTheStudyRuns() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let corpus = try work.writeCorpus()
        try "name = mine\nhidden = 8\nbatch = 2\n".write(toFile: work.path("run.cfg"), atomically: false, encoding: .utf8)
        try "# notes\n".write(toFile: work.path("notes.md"), atomically: false, encoding: .utf8)
        #expect(link(corpus, work.path("hard.json")) == 0)
        #expect(symlink(work.path("notes.md"), work.path("link.json")) == 0)
        #expect(mkfifo(work.path("fifo.json"), 0o600) == 0)
        try FileManager.default.createDirectory(atPath: work.path("adir"), withIntermediateDirectories: false)
        let before = work.fingerprint()
        let gradients = ["study", "gradients", "--config", work.path("run.cfg"), "--corpus", corpus, "--seeds", "1",
                         "--max-updates", "20", "--every", "10", "--workers", "1"]
        let truncation = ["study", "truncation", "--config", work.path("run.cfg"), "--seeds", "1", "--reaches", "2",
                          "--max-updates", "20", "--workers", "1"]
        let cases: [([String], String)] = [
            (gradients + ["--json", corpus], "it is the corpus of this run"),
            (gradients + ["--json", work.path("hard.json")], "it is the corpus of this run"),
            (gradients + ["--json", work.path("run.cfg")], "it is the config file of this run"),
            (truncation + ["--json", work.path("run.cfg")], "it is the config file of this run"),
            (truncation + ["--json", work.path("notes.md")], "is not a JSON report of this command"),
            (truncation + ["--json", work.path("link.json")], "a symbolic link, not a regular file"),
            (truncation + ["--json", work.path("fifo.json")], "a FIFO, not a regular file"),
            (truncation + ["--json", work.path("adir")], "a directory, not a regular file"),
            (truncation + ["--json", work.path("no/such/r.json")], "does not exist"),
        ]
        for (arguments, reason) in cases {
            let result = try work.run(arguments, timeout: .seconds(20))
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(ReliabilityWorkspace.oneLine(result.stderr) && result.stderr.contains(reason), "\(arguments): \(result.stderr)")
            #expect(!result.stdout.contains("study:"), "refused before the study started: \(result.stdout)")
        }
        #expect(ReliabilityWorkspace.changed(before, work.fingerprint()).isEmpty)
    }

    // (2) study --json on a full disk: exit 4 and one line, no Foundation error text, the old report kept.
    @Test func studyJsonOnAFullDiskExitsFourAndKeepsTheOldReport() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        try "[]\n".write(toFile: work.path("r.json"), atomically: false, encoding: .utf8)
        let before = work.fingerprint()
        let result = try Self.runWithFileSizeLimit(work, blocks: 1, [
            "study", "gradients", "--hidden", "8", "--batch", "2", "--seeds", "3", "--max-updates", "20",
            "--every", "5", "--workers", "1", "--json", work.path("r.json")])
        #expect(result.status == 4, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("bptt-lab: ") }
        #expect(lines.count == 1 && lines[0].contains("--json \(work.path("r.json")): could not save"), "\(result.stderr)")
        #expect(!result.stderr.contains("Error Domain"), "\(result.stderr)")
        #expect(ReliabilityWorkspace.changed(before, work.fingerprint()).isEmpty)
    }

    // (3) bench --json over a checkpoint (or any foreign file) is refused before measuring.
    @Test func benchJsonNeverReplacesACheckpoint() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let trained = try work.run(ReliabilityWorkspace.quickTrain() + ["--checkpoint", work.path("c.ckpt"), "--metrics", work.path("m.jsonl")])
        #expect(trained.status == 0, "\(trained.stderr)")
        let before = work.fingerprint()
        for (path, reason) in [(work.path("c.ckpt"), "is not a JSON report of this command"),
                               (work.path("m.jsonl"), "is not a JSON report of this command")] {
            let result = try work.run(["bench", "--quick", "--no-numpy", "--json", path], timeout: .seconds(20))
            #expect(result.status == 2, "\(result.stderr)")
            #expect(ReliabilityWorkspace.oneLine(result.stderr) && result.stderr.contains(reason), "\(result.stderr)")
            #expect(result.stdout.isEmpty, "refused before measuring: \(result.stdout)")
        }
        #expect(ReliabilityWorkspace.changed(before, work.fingerprint()).isEmpty)
    }

    // (4) --metrics appends only to a metrics file (or an empty one): never to a checkpoint or notes.
    @Test func metricsAppendOnlyToAMetricsFile() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let trained = try work.run(ReliabilityWorkspace.quickTrain() + ["--checkpoint", work.path("c.ckpt"), "--metrics", work.path("m.jsonl")])
        #expect(trained.status == 0, "\(trained.stderr)")
        try "# notes\nline two\n".write(toFile: work.path("notes.txt"), atomically: false, encoding: .utf8)
        try Data([0, 1, 2, 3, 0xFF]).write(to: URL(fileURLWithPath: work.path("blob.bin")))
        let before = work.fingerprint()
        for name in ["c.ckpt", "notes.txt", "blob.bin"] {
            let result = try work.run(ReliabilityWorkspace.quickTrain() + ["--metrics", work.path(name)])
            #expect(result.status == 2, "\(name): \(result.stderr)")
            #expect(ReliabilityWorkspace.oneLine(result.stderr)
                    && result.stderr.contains("--metrics \(work.path(name)): the file exists and is not a bptt-lab metrics file"),
                    "\(result.stderr)")
        }
        #expect(ReliabilityWorkspace.changed(before, work.fingerprint()).isEmpty)
        // An empty file and the earlier metrics file are continued.
        #expect(FileManager.default.createFile(atPath: work.path("empty.jsonl"), contents: Data()))
        for name in ["empty.jsonl", "m.jsonl"] {
            let result = try work.run(ReliabilityWorkspace.quickTrain() + ["--metrics", work.path(name)])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(ReliabilityWorkspace.records(work.path(name)).last?["type"] as? String == "final")
        }
    }

    // (7) Metrics on a full disk: exit 4 and a message, no line cut in the middle (the file is as it was).
    @Test func metricsOnAFullDiskExitFourWithWholeLines() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        // An earlier run's file, 40 bytes short of the 2 KB limit: the next record does not fit.
        let record = #"{"event":"start","seconds":0,"step":0,"text":"run started","type":"event"}"# + "\n"
        var text = ""
        while text.utf8.count + record.utf8.count <= 2048 - 40 { text += record }
        text += String(repeating: " ", count: 2048 - 40 - text.utf8.count - 1) + "\n"
        try text.write(toFile: work.path("m.jsonl"), atomically: false, encoding: .utf8)
        let before = work.fingerprint()
        let result = try Self.runWithFileSizeLimit(work, blocks: 4, ReliabilityWorkspace.quickTrain(steps: 100_000)
                                                   + ["--metrics", work.path("m.jsonl")])
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.contains("bptt-lab: could not write the metrics file \(work.path("m.jsonl")): File too large"),
                "\(result.stderr)")
        #expect(!result.stdout.contains("step=100000"), "the run stopped: \(result.stdout)")
        #expect(ReliabilityWorkspace.changed(before, work.fingerprint()).isEmpty)
    }

    // (20) Paths: an empty --metrics, a missing folder, a device as config, a resume without its corpus.
    @Test func pathMessagesSayWhatIsWrong() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        try FileManager.default.createDirectory(atPath: work.path("data"), withIntermediateDirectories: false)
        let corpus = try work.writeCorpus("data/text.txt")
        let trained = try work.run(ReliabilityWorkspace.quickTrain() + ["--corpus", corpus, "--checkpoint", work.path("c.ckpt"),
                                                                     "--metrics", work.path("m.jsonl")])
        #expect(trained.status == 0, "\(trained.stderr)")
        try FileManager.default.moveItem(atPath: corpus, toPath: work.path("moved.txt"))
        let before = work.fingerprint()
        let cases: [([String], String)] = [
            (ReliabilityWorkspace.quickTrain() + ["--metrics", ""], "--metrics: the path is empty; give a file name"),
            (ReliabilityWorkspace.quickTrain() + ["--metrics", "a/b/c/m.jsonl"], "the folder a/b/c does not exist"),
            (ReliabilityWorkspace.quickTrain() + ["--config", "/dev/null"], "/dev/null: it is a character device, not a config file"),
            (["train", "--quiet", "--resume", work.path("c.ckpt"), "--steps", "2", "--metrics", work.path("m2.jsonl")],
             "the checkpoint needs the corpus it was trained on, \(corpus)"),
        ]
        for (arguments, reason) in cases {
            let result = try work.run(arguments, in: work.directory)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(ReliabilityWorkspace.oneLine(result.stderr) && result.stderr.contains(reason), "\(arguments): \(result.stderr)")
        }
        #expect(ReliabilityWorkspace.changed(before, work.fingerprint()).isEmpty, "no folder a/, no m2.jsonl")
    }

    // (21) A corpus with U+FFFE, U+FFFF and a form feed (the one control character besides tab and
    // line ends a corpus may hold; XML forbids it) still gives well-formed XML.
    @Test func svgTextHasNoCodePointXMLForbids() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let line = "ab\u{FFFE}cd\u{FFFF}ef\u{C}gh\u{FFFE}\u{FFFE} "
        try String(repeating: line + "\n", count: 400).write(toFile: work.path("odd.txt"), atomically: false, encoding: .utf8)
        let result = try work.run(["screenshot", "--corpus", work.path("odd.txt"), "--level", "char", "--hidden", "8",
                                   "--sample_every", "1", "--updates", "20", "--size", "80x24", "--timeout", "60",
                                   "--out", work.path("s.svg")], timeout: .seconds(90))
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: work.path("s.svg"))))
        #expect(String(bytes: bytes, encoding: .utf8) != nil)
        let text = String(decoding: bytes, as: UTF8.self)
        let forbidden = text.unicodeScalars.filter {
            ($0.value < 0x20 && ![0x9, 0xA, 0xD].contains($0.value)) || $0.value == 0xFFFE || $0.value == 0xFFFF
        }
        #expect(forbidden.isEmpty, "\(forbidden.map { String($0.value, radix: 16) })")
    }

    /// Runs the binary with files limited to `blocks` x 512 bytes (dash's `ulimit -f`), SIGXFSZ
    /// ignored: a write past the limit fails with EFBIG, as on a full disk.
    static func runWithFileSizeLimit(_ work: ReliabilityWorkspace, blocks: Int, _ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run("/bin/sh", ["-c", "trap '' XFSZ; ulimit -f \(blocks); exec \"$0\" \"$@\"", work.binary] + arguments,
                           timeout: .seconds(60))
    }
}
