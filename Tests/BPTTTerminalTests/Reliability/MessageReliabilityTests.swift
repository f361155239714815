import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9, divergence and messages: what the real binary says on bad input, in one line.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct MessageReliabilityTests {
    // (11) Divergence: exit 3, the kept weights named, numbers short, the checkpoint sane.
    @Test func divergenceKeepsSaneWeightsAndPrintsCompactNumbers() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let checkpoint = work.path("c.ckpt")
        let result = try work.run(["train", "--steps", "200", "--optimizer", "sgd", "--lr_schedule", "none",
                                   "--learning_rate", "1e30", "--clip_norm", "0", "--metrics", work.path("m.jsonl"),
                                   "--checkpoint", checkpoint])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("training stopped: step "), "\(result.stderr)")
        #expect(result.stderr.contains("are kept") && !result.stderr.contains("update skipped"), "\(result.stderr)")
        // No number with more than 12 digits in a row anywhere in the output.
        #expect((result.stdout + result.stderr).range(of: #"\d{13,}"#, options: .regularExpression) == nil)
        let eval = try work.run(["eval", "--checkpoint", checkpoint])
        let loss = eval.stdout.range(of: #"loss=[0-9.]+"#, options: .regularExpression)
            .flatMap { Double(eval.stdout[$0].dropFirst("loss=".count)) }
        // The built-in corpus has 11 symbols: ln 11 ≈ 2.4 nats for guessing; sane weights stay near it.
        #expect(loss != nil && loss! < 10, "\(eval.stdout) \(eval.stderr)")
    }

    // (12) Bad input gives one line that says what is wrong, before any work.
    @Test func badInputSaysWhatIsWrongInOneLine() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let metrics = ["--metrics", work.path("m.jsonl")]
        let cases: [([String], String)] = [
            (["train", "--corpus", "/dev/zero", "--steps", "2"] + metrics, "not a regular file"),
            (["train", "--steps", "-5"] + metrics, "--steps must be at least 1, got -5"),
            (["train", "--k1", "3", "--steps", "2", "--k1", "4"] + metrics, "--k1 is given twice"),
            (["bench", "--quick", "--json", work.directory], "--json \(work.directory): it is a directory"),
            (["bench", "--quick", "--json", work.path("no/such/dir/b.json")], "does not exist"),
        ]
        for (arguments, expected) in cases {
            let started = ContinuousClock.now
            let result = try work.run(arguments, timeout: .seconds(10))
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(ReliabilityWorkspace.oneLine(result.stderr) && result.stderr.contains(expected),
                    "\(arguments): \(result.stderr)")
            #expect(ContinuousClock.now - started < .seconds(5), "\(arguments) failed only after working")
        }
        #expect(!FileManager.default.fileExists(atPath: work.path("m.jsonl")))
    }

    // (12) A metrics folder that cannot be created names the cause and the way out.
    @Test func anUncreatableMetricsFolderSuggestsRunDir() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        try "x".write(toFile: work.path("file"), atomically: false, encoding: .utf8)
        // run_dir under a regular file: the folder cannot be created, even as root.
        let result = try work.run(ReliabilityWorkspace.quickTrain() + ["--run_dir", work.path("file/runs")])
        #expect(result.status == 2)
        #expect(ReliabilityWorkspace.oneLine(result.stderr) && result.stderr.contains("--run_dir"), "\(result.stderr)")
    }
}
