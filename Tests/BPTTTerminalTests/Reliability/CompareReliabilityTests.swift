import Foundation
import Testing

/// Two runs from the command line: `screenshot --then-compare` draws A and B, and every bad value of
/// it or of `--compare` is refused in one line (or with the usage, exit 64, for a malformed command
/// line) before any file is written.
@Suite struct CompareReliabilityTests {
    @Test func screenshotThenCompareDrawsBothRuns() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let result = try work.run(["screenshot", "--hidden", "8", "--builtin_sentences", "300", "--updates", "20",
                                   "--then-compare", "off", "--more", "20", "--size", "80x24", "--timeout", "60",
                                   "--out", work.path("c.svg"), "--text-out", work.path("c.txt")], timeout: .seconds(90))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("updates of default and") && result.stdout.contains("updates of default-B"))
        let text = try String(contentsOfFile: work.path("c.txt"), encoding: .utf8)
        let status = text.split(separator: "\n").first ?? ""
        #expect(status.hasPrefix(" ▶A") && status.contains("│ B "), "\(status)")
        #expect(text.contains("A k1=3") && text.contains("B off"), "the legend names the difference")
        #expect(Set(work.fingerprint().keys) == ["c.svg", "c.txt"], "B's metrics stay in the scratch folder")
    }

    @Test func badChangesAreOneLineAndWriteNothing() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        for (value, expected) in [("sideways", "--then-compare sideways: expected off, k1=N"),
                                  ("k1=5000", "--then-compare k1=5000: truncation k1")] {
            let result = try work.run(["screenshot", "--then-compare", value, "--out", work.path("c.svg")])
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix("bptt-lab: " + expected), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
        let both = try work.run(["screenshot", "--then-k1", "20", "--then-compare", "off", "--out", work.path("c.svg")])
        #expect(both.status == 64 && both.stderr.contains("--then-k1 and --then-compare: give one of them"))
        #expect(work.fingerprint().isEmpty)
    }

    @Test func compareNeedsTwoConfigsEachWithItsOwnCheckpoint() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let one = try work.run(["--compare", work.path("a.cfg")])
        #expect(one.status == 64 && one.stderr.contains("--compare takes two config files (A.cfg B.cfg), got 1"))
        let missing = try work.run(["--compare", work.path("a.cfg"), work.path("b.cfg")])
        #expect(missing.status == 2 && missing.stderr.contains("a.cfg"), "\(missing.stderr)")
        let shared = "checkpoint = \(work.path("x.ckpt"))\n"
        for name in ["a.cfg", "b.cfg"] { try shared.write(toFile: work.path(name), atomically: true, encoding: .utf8) }
        let result = try work.run(["--compare", work.path("a.cfg"), work.path("b.cfg")])
        #expect(result.status == 2)
        #expect(result.stderr == "bptt-lab: --compare: both configs save the checkpoint \(work.path("x.ckpt")); give each its own\n")
        #expect(Set(work.fingerprint().keys) == ["a.cfg", "b.cfg"])
    }
}
