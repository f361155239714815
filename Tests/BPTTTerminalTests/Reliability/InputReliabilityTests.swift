import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 24, bounded inputs and messages: what the real binary does with a huge, binary or absurd
/// input (refused at once in one line, exit 2, nothing around changed), with study and resume
/// arguments that cannot apply, and with a screenshot of a run that diverges or has no probe.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct InputReliabilityTests {
    /// Runs `arguments` in `work` and checks the contract of bad input: exit 2, one line containing
    /// every `expected` piece, within a few seconds, and no file of the folder changed or added.
    private func expectRefused(_ arguments: [String], in work: ReliabilityWorkspace, _ expected: String...,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = work.fingerprint()
        let started = ContinuousClock.now
        let result = try work.run(arguments, timeout: .seconds(20))
        let elapsed = ContinuousClock.now - started
        #expect(result.status == 2, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(ReliabilityWorkspace.oneLine(result.stderr), "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        for piece in expected {
            #expect(result.stderr.contains(piece), "\(arguments): no '\(piece)' in \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(elapsed < .seconds(5), "\(arguments) took \(elapsed)", sourceLocation: sourceLocation)
        #expect(ReliabilityWorkspace.changed(before, work.fingerprint()).isEmpty, "\(arguments) changed files",
                sourceLocation: sourceLocation)
    }

    /// A sparse file of `size` bytes (no disk used), all NUL.
    private func sparseFile(_ path: String, size: off_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0, ftruncate(fd, size) == 0 else { throw HarnessError("cannot make the sparse file \(path)") }
        close(fd)
    }

    // (11) A 1 GiB file as corpus, config or eval text is refused from its size, at once.
    @Test func aGigabyteFileIsRefusedFromItsSize() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        // In a subfolder: the fingerprint reads every top-level file, and reading 1 GiB takes long.
        try FileManager.default.createDirectory(atPath: work.path("big"), withIntermediateDirectories: false)
        let big = work.path("big/big.txt")
        try sparseFile(big, size: 1 << 30)
        let checkpoint = work.path("c.ckpt")
        let train = try work.run(ReliabilityWorkspace.quickTrain() + ["--checkpoint", checkpoint, "--metrics", work.path("m.jsonl")])
        #expect(train.status == 0, "\(train.stderr)")
        let metrics = ["--metrics", work.path("m2.jsonl")]
        try expectRefused(["train", "--corpus", big, "--steps", "2"] + metrics, in: work,
                          "big.txt: the file is 1.0 GiB", "limited to 128 MiB")
        try expectRefused(["train", "--config", big, "--steps", "2"] + metrics, in: work,
                          "big.txt: the file is 1.0 GiB", "a config file is at most 1.0 MiB")
        try expectRefused(["eval", "--checkpoint", checkpoint, "--file", big], in: work,
                          "big.txt: the file is 1.0 GiB", "limited to 128 MiB")
        // As a checkpoint: refused from its first bytes, not read whole.
        try expectRefused(["eval", "--checkpoint", big], in: work, "big.txt: not a bptt-lab checkpoint")
        try expectRefused(["train", "--resume", big, "--steps", "2"] + metrics, in: work, "big.txt: not a bptt-lab checkpoint")
        // sample's length is bounded like the config's sample_length (a malformed command line: exit 64).
        let sample = try work.run(["sample", "--checkpoint", checkpoint, "--length", "\(Int.max)"], timeout: .seconds(10))
        #expect(sample.status == 64 && sample.stderr.contains("--length must be within 0...1000000"), "\(sample.stderr)")
    }

    // (11) NUL and other control bytes are not text: refused with the offset and line.
    @Test func controlBytesInACorpusAreRefusedWithTheirOffset() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let corpus = work.path("nul.txt")
        try Data("first line\nsec\u{0}ond\n".utf8).write(to: URL(fileURLWithPath: corpus))
        let bell = work.path("bell.txt")
        try Data("ring\u{7}\n".utf8).write(to: URL(fileURLWithPath: bell))
        try expectRefused(["train", "--corpus", corpus, "--steps", "2", "--metrics", work.path("m.jsonl")], in: work,
                          "nul.txt: a NUL byte (0x00) at byte offset 14, line 2", "tab, line feed, carriage return and form feed")
        try expectRefused(["train", "--corpus", bell, "--steps", "2", "--metrics", work.path("m.jsonl")], in: work,
                          "bell.txt: a control character (0x07) at byte offset 4, line 1")
    }

    // (12) (13) (19) study arguments: refused by name before any run, never a trap or "runs nothing".
    @Test func studyArgumentsAreCheckedByName() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let study = ["study", "truncation"]
        try expectRefused(study + ["--seeds", "1000000000"], in: work, "--seeds 1000000000 x", "more than 100000 runs")
        try expectRefused(study + ["--first-seed", "18446744073709551615"], in: work,
                          "--first-seed 18446744073709551615 with --seeds 5 goes past the largest seed")
        try expectRefused(study + ["--max-updates", "\(Int64.max)", "--hold", "\(Int64.max)"], in: work,
                          "--max-updates must be within 1...1000000000")
        try expectRefused(study + ["--hold", "\(Int64.max)"], in: work, "--hold must be within 0...1000000000")
        try expectRefused(study + ["--warmup", "0:100"], in: work, "--warmup: '0' is neither a reach")
        try expectRefused(study + ["--warmup", "5:-3"], in: work, "--warmup 5:-3: N (after the ':') must be")
        try expectRefused(study + ["--reaches", ""], in: work, "--reaches '' names no reach")
        try expectRefused(study + ["--seeds", "-3"], in: work, "--seeds must be within 1...100000, got -3")
        try expectRefused(["study", "gradients", "--every", "-1"], in: work, "--every must be within")
    }

    // (17) A 100 kB config value is quoted with its first 80 characters only.
    @Test func aHugeValueIsCutInTheError() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let value = String(repeating: "x", count: 100_000)
        try "hidden = \(value)\n".write(toFile: work.path("long.cfg"), atomically: false, encoding: .utf8)
        let result = try work.run(["train", "--config", work.path("long.cfg"), "--metrics", work.path("m.jsonl")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("got '" + String(repeating: "x", count: 80) + "… (100000 bytes in all)'"),
                "\(result.stderr.prefix(300))")
        #expect(result.stderr.utf8.count < 400, "\(result.stderr.utf8.count) bytes of error")
        let argument = try work.run(["train", "--hidden", value, "--metrics", work.path("m.jsonl")])
        #expect(argument.status == 2 && argument.stderr.utf8.count < 400, "\(argument.stderr.prefix(300))")
        // ArgumentParser's own message quotes the value too: cut as well (exit 64 with the usage).
        let digits = String(repeating: "9", count: 100_000)
        let parsed = try work.run(["train", "--steps", digits, "--metrics", work.path("m.jsonl")])
        #expect(parsed.status == 64, "\(parsed.stderr.prefix(300))")
        #expect(parsed.stderr.contains("'" + String(repeating: "9", count: 79) + "… (100002 bytes in all) is invalid for '--steps"),
                "\(parsed.stderr.prefix(300))")
        #expect(parsed.stderr.utf8.count < 1_000, "\(parsed.stderr.utf8.count) bytes of error")
    }

    // (18) Overrides a checkpoint fixes are refused by name on --resume; those that can apply are not.
    @Test func resumeRefusesOverridesTheCheckpointFixes() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let checkpoint = work.path("c.ckpt")
        let first = try work.run(ReliabilityWorkspace.quickTrain(steps: 5) + ["--checkpoint", checkpoint, "--metrics", work.path("a.jsonl")])
        #expect(first.status == 0, "\(first.stderr)")
        let resume = ["train", "--quiet", "--resume", checkpoint, "--steps", "2", "--metrics", work.path("b.jsonl")]
        try expectRefused(resume + ["--seed", "7"], in: work, "--seed cannot change on --resume", "fixes it at 1")
        try expectRefused(resume + ["--batch", "8"], in: work, "--batch cannot change on --resume", "fixes it at 2",
                          "parallel streams")
        try expectRefused(resume + ["--level", "word"], in: work, "--level cannot change on --resume", "fixes it at char")
        try expectRefused(resume + ["--cell", "lstm"], in: work, "--cell cannot change on --resume", "fixes it at elman")
        try expectRefused(["train", "--cell", "tree", "--metrics", work.path("c.jsonl")], in: work, "key 'cell'",
                          "elman, gru, lstm", "'tree'")
        // The stored value itself, and a key that can change, are accepted.
        let same = try work.run(resume + ["--batch", "2", "--learning_rate", "0.05"])
        #expect(same.status == 0, "\(same.stderr)")
    }

    // (10) screenshot with the probe off finishes; on a diverging run it stops at once with exit 3.
    @Test func screenshotNeedsNoProbeAndStopsOnDivergence() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let picture = work.path("p.svg")
        let noProbe = try work.run(["screenshot", "--updates", "50", "--probe_every_seconds", "0", "--hidden", "8",
                                    "--timeout", "20", "--out", picture], timeout: .seconds(25))
        #expect(noProbe.status == 0, "\(noProbe.stderr)")
        #expect(FileManager.default.fileExists(atPath: picture))
        let diverging = work.path("d.svg")
        let started = ContinuousClock.now
        let result = try work.run(["screenshot", "--updates", "100000", "--optimizer", "sgd", "--lr_schedule", "none",
                                   "--learning_rate", "1e30", "--clip_norm", "0", "--timeout", "60", "--out", diverging],
                                  timeout: .seconds(30))
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("training diverged after ") && result.stderr.contains("no picture written"),
                "\(result.stderr)")
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(!FileManager.default.fileExists(atPath: diverging))
        // (13) --more at Int.max would overflow the step after the k1 change: refused as a malformed line.
        let more = try work.run(["screenshot", "--then-k1", "5", "--more", "\(Int.max)", "--out", diverging])
        #expect(more.status == 64 && more.stderr.contains("--more must be within 1...1000000000"), "\(more.stderr)")
    }
}

/// Issue 24 (15): checkpoints whose checksum is valid but whose contents are absurd.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct AbsurdCheckpointReliabilityTests {
    // Each edit gives exit 2 and a line naming what is wrong, for eval (the model alone) and resume.
    @Test func absurdContentsAreRefusedNotTrapped() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let good = work.path("good.ckpt")
        let first = try work.run(ReliabilityWorkspace.quickTrain(steps: 5) + ["--checkpoint", good, "--metrics", work.path("a.jsonl")])
        #expect(first.status == 0, "\(first.stderr)")
        let original = try CheckpointSurgery(path: good)
        let config = String(decoding: try original.payload("config"), as: UTF8.self)
        #expect(config.contains("\"hidden\":8"), "\(config)")
        let edits: [(String, (inout CheckpointSurgery) throws -> Void, String)] = [
            ("array length 1.8e19", { try $0.write(UInt64.max, section: "params", at: 16) }, "an array claims 18446744073709551615 elements"),
            ("hidden 4e9", { try $0.write(Int64(4_000_000_000), section: "params", at: 8) }, "its weights claim an impossible model"),
            ("vocabulary -1", { try $0.write(Int64(-1), section: "params", at: 0) }, "its weights claim an impossible model"),
            ("step Int64.max", { try $0.write(Int64.max, section: "progress") }, "its step is 9223372036854775807, outside 0 ... 2^50"),
            ("step -1", { try $0.write(Int64(-1), section: "progress") }, "its step is -1, outside 0 ... 2^50"),
            ("config hidden 4e9", {
                try $0.replace(section: "config", with: Array(config.replacingOccurrences(of: "\"hidden\":8", with: "\"hidden\":4000000000").utf8))
            }, "its stored config is out of range: key 'hidden' expects an integer in 1...4096"),
        ]
        for (name, edit, expected) in edits {
            var surgery = original
            try edit(&surgery)
            let bad = work.path("bad.ckpt")
            try surgery.save(to: bad)
            let eval = try work.run(["eval", "--checkpoint", bad, "--split", "valid"], timeout: .seconds(20))
            #expect(eval.status == 2 && ReliabilityWorkspace.oneLine(eval.stderr) && eval.stderr.contains(expected),
                    "eval, \(name): \(eval.status) \(eval.stderr)")
            let resume = try work.run(["train", "--quiet", "--resume", bad, "--steps", "2", "--metrics", work.path("r.jsonl")],
                                      timeout: .seconds(20))
            #expect(resume.status == 2 && ReliabilityWorkspace.oneLine(resume.stderr) && resume.stderr.contains(expected),
                    "resume, \(name): \(resume.status) \(resume.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: work.path("r.jsonl")))
    }
}
