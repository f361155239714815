import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9, files: the real binary against outputs that are not regular files, missing folders,
/// its own inputs, earlier metrics, killed saves and a moved corpus. Each case asserts the exit
/// status, the one-line message, and that nothing outside the run's own outputs changed.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct OutputFileReliabilityTests {
    // (1) A FIFO or a symbolic link is refused, and stays what it was.
    @Test func aFifoOrASymlinkAsOutputIsRefusedAndLeftAlone() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        #expect(mkfifo(work.path("fifo"), 0o600) == 0)
        try "keep me\n".write(toFile: work.path("target.txt"), atomically: false, encoding: .utf8)
        #expect(symlink(work.path("target.txt"), work.path("link.ckpt")) == 0)
        let before = work.fingerprint()
        for (option, path, kind) in [("--metrics", work.path("fifo"), "a FIFO"),
                                     ("--checkpoint", work.path("fifo"), "a FIFO"),
                                     ("--checkpoint", work.path("link.ckpt"), "a symbolic link")] {
            var arguments = ReliabilityWorkspace.quickTrain() + [option, path]
            if option == "--checkpoint" { arguments += ["--metrics", work.path("m.jsonl")] }
            let result = try work.run(arguments)
            #expect(result.status == 2, "\(option) \(path): \(result.stderr)")
            #expect(ReliabilityWorkspace.oneLine(result.stderr), "\(result.stderr)")
            #expect(result.stderr.contains(path) && result.stderr.contains("\(kind), not a regular file"), "\(result.stderr)")
        }
        #expect(ReliabilityWorkspace.changed(before, work.fingerprint()).isEmpty)
    }

    // (2) A checkpoint that cannot be saved is an error before training, not a claimed success.
    @Test func anUnsaveableCheckpointFailsUpFront() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        try FileManager.default.createDirectory(atPath: work.path("adir"), withIntermediateDirectories: false)
        let cases = [(work.path("missing/dir/x.ckpt"), "does not exist"),
                     (work.path("adir"), "a directory, not a regular file"),
                     ("/proc/bptt-lab-test.ckpt", "cannot create files in /proc")]
        for (path, reason) in cases {
            let result = try work.run(ReliabilityWorkspace.quickTrain() + ["--checkpoint", path, "--metrics", work.path("m.jsonl")])
            #expect(result.status == 2, "\(path): \(result.stdout) \(result.stderr)")
            #expect(ReliabilityWorkspace.oneLine(result.stderr) && result.stderr.contains(reason), "\(result.stderr)")
            #expect(!result.stdout.contains("checkpoint:"))
        }
        #expect(!FileManager.default.fileExists(atPath: work.path("missing")))
    }

    // (2) A save that fails at the end (its folder removed mid-run) exits 4 and says so.
    @Test func aSaveThatFailsAtTheEndExitsNonZero() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        try FileManager.default.createDirectory(atPath: work.path("out"), withIntermediateDirectories: false)
        let metrics = work.path("m.jsonl")
        let run = try BackgroundProcess(work.binary, ["train", "--quiet", "--steps", "100000000", "--hidden", "8",
                                                     "--checkpoint", work.path("out/c.ckpt"), "--metrics", metrics])
        try waitForRecords(metrics)
        try FileManager.default.removeItem(atPath: work.path("out"))
        run.send(SIGTERM)
        let result = run.wait()
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.contains("cannot save the checkpoint"), "\(result.stderr)")
    }

    // (3) Never over an input: the corpus, the config, or a file that is not a checkpoint.
    @Test func inputsAndForeignFilesAreNeverOverwritten() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let corpus = try work.writeCorpus()
        try "name = mine\nhidden = 8\nbatch = 2\n".write(toFile: work.path("run.cfg"), atomically: false, encoding: .utf8)
        try "# notes\n".write(toFile: work.path("notes.md"), atomically: false, encoding: .utf8)
        let before = work.fingerprint()
        let base = ["train", "--quiet", "--steps", "2", "--config", work.path("run.cfg"), "--corpus", corpus]
        let cases = [(["--checkpoint", corpus, "--metrics", work.path("m.jsonl")], "the corpus of this run"),
                     (["--checkpoint", work.path("run.cfg"), "--metrics", work.path("m.jsonl")], "the config file of this run"),
                     (["--metrics", corpus], "the corpus of this run"),
                     (["--checkpoint", work.path("notes.md"), "--metrics", work.path("m.jsonl")], "is not a bptt-lab checkpoint")]
        for (extra, reason) in cases {
            let result = try work.run(base + extra)
            #expect(result.status == 2, "\(extra): \(result.stderr)")
            #expect(ReliabilityWorkspace.oneLine(result.stderr) && result.stderr.contains(reason), "\(result.stderr)")
        }
        // m.jsonl may not even be created: refusals come before the run starts.
        #expect(ReliabilityWorkspace.changed(before, work.fingerprint()).isEmpty)
    }

    // (3) A resumed run continues the first run's metrics file; `final` ends each part.
    @Test func resumingContinuesTheMetricsFile() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let metrics = work.path("m.jsonl"), checkpoint = work.path("c.ckpt")
        let first = try work.run(ReliabilityWorkspace.quickTrain(steps: 4) + ["--metrics", metrics, "--checkpoint", checkpoint])
        #expect(first.status == 0, "\(first.stderr)")
        let firstText = try String(contentsOfFile: metrics, encoding: .utf8)
        let second = try work.run(["train", "--quiet", "--resume", checkpoint, "--steps", "4", "--metrics", metrics])
        #expect(second.status == 0, "\(second.stderr)")
        let text = try String(contentsOfFile: metrics, encoding: .utf8)
        #expect(text.hasPrefix(firstText) && text.count > firstText.count)
        let records = ReliabilityWorkspace.records(metrics)
        #expect(records.filter { $0["event"] as? String == "start" }.count == 2)
        #expect(records.filter { $0["type"] as? String == "final" }.map { $0["step"] as? Int } == [4, 8])
        #expect(records.last?["type"] as? String == "final")
    }

    // (4) A temporary file of a killed save is removed at the next save; a live process's is not.
    @Test func staleTemporaryFilesOfDeadSavesAreRemoved() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        // Above Linux's largest possible PID (4194304), so certainly not a live process.
        let stale = work.path(".c.ckpt.tmp-4194400-12345")
        let live = work.path(".c.ckpt.tmp-\(getpid())-777")
        for path in [stale, live] { try Data(count: 1000).write(to: URL(fileURLWithPath: path)) }
        let result = try work.run(ReliabilityWorkspace.quickTrain() + ["--checkpoint", work.path("c.ckpt"), "--metrics", work.path("m.jsonl")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: work.path("c.ckpt")))
    }

    // (5) sample and eval --file need only the checkpoint; eval of the splits names the moved corpus.
    @Test func aCheckpointStandsOnItsOwnWhenTheCorpusMoved() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        try FileManager.default.createDirectory(atPath: work.path("data"), withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: work.path("elsewhere"), withIntermediateDirectories: false)
        try work.writeCorpus("data/text.txt")
        // A relative corpus path, from the data folder's parent.
        let trained = try work.run(["train", "--quiet", "--steps", "3", "--hidden", "8", "--batch", "2", "--corpus", "data/text.txt",
                                    "--checkpoint", "c.ckpt", "--metrics", "m.jsonl"], in: work.directory)
        #expect(trained.status == 0, "\(trained.stderr)")
        let evalHere = try work.run(["eval", "--checkpoint", work.path("c.ckpt")], in: work.path("elsewhere"))
        #expect(evalHere.status == 0 && evalHere.stdout.contains("loss="), "\(evalHere.stderr)")
        try FileManager.default.moveItem(atPath: work.path("data/text.txt"), toPath: work.path("elsewhere/moved.txt"))
        let sample = try work.run(["sample", "--checkpoint", work.path("c.ckpt"), "--length", "20"], in: work.path("elsewhere"))
        #expect(sample.status == 0 && !sample.stdout.isEmpty, "\(sample.stderr)")
        let onFile = try work.run(["eval", "--checkpoint", "../c.ckpt", "--file", "moved.txt"], in: work.path("elsewhere"))
        #expect(onFile.status == 0 && onFile.stdout.contains("moved.txt:"), "\(onFile.stderr)")
        let onSplit = try work.run(["eval", "--checkpoint", work.path("c.ckpt")], in: work.path("elsewhere"))
        #expect(onSplit.status == 2)
        #expect(ReliabilityWorkspace.oneLine(onSplit.stderr) && onSplit.stderr.contains("--file"), "\(onSplit.stderr)")
    }

    // (6) Overrides given with --resume win over the checkpoint's settings.
    @Test func resumeOverridesWin() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let checkpoint = work.path("c.ckpt")
        let first = try work.run(ReliabilityWorkspace.quickTrain() + ["--metrics", work.path("m1.jsonl"), "--checkpoint", checkpoint])
        #expect(first.status == 0, "\(first.stderr)")
        let metrics = work.path("m2.jsonl")
        let resumed = try work.run(["train", "--quiet", "--resume", checkpoint, "--steps", "6", "--engine", "naive",
                                    "--k1", "2", "--learning_rate", "0.01", "--metrics_every", "1", "--metrics", metrics])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let intervals = ReliabilityWorkspace.records(metrics).filter { $0["type"] as? String == "interval" }
        #expect(!intervals.isEmpty)
        for record in intervals {
            #expect(record["engine"] as? String == "naive" && (record["truncation"] as? [String: Any])?["k1"] as? Int == 2 && record["lr"] as? Double == 0.01,
                    "\(record)")
        }
    }

    /// Waits until the run has written at least one interval record (it is training).
    private func waitForRecords(_ metrics: String) throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if ReliabilityWorkspace.records(metrics).contains(where: { $0["type"] as? String == "interval" }) { return }
            usleep(50_000)
        }
        throw HarnessError("no interval record in \(metrics) within 20 s")
    }
}
