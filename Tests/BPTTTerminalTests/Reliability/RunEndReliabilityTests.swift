import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 24, how runs end (cases 5 and 17): a final save that fails is a failure in the dashboard
/// too, and the metrics' `final` record is the last one and says why the run ended.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct RunEndReliabilityTests {
    // (17) After a failed end-of-run save, `final` is still the last record; exit 4, no checkpoint.
    @Test func finalIsTheLastRecordAfterAFailedSave() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let metrics = work.path("m.jsonl")
        // Files up to 20 KB: the metrics fit, a checkpoint of H = 128 (W alone is 64 KB) does not.
        let result = try CommandOutputReliabilityTests.runWithFileSizeLimit(work, blocks: 40, [
            "train", "--quiet", "--steps", "30", "--hidden", "128", "--checkpoint", work.path("c.ckpt"), "--metrics", metrics])
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.contains("cannot save the checkpoint"), "\(result.stderr)")
        let records = ReliabilityWorkspace.records(metrics)
        #expect(records.contains { ($0["text"] as? String)?.contains("checkpoint failed") == true }, "\(records)")
        #expect(records.last?["type"] as? String == "final", "\(records.suffix(2))")
        #expect(!FileManager.default.fileExists(atPath: work.path("c.ckpt")))
        #expect(Set(work.fingerprint().keys) == ["m.jsonl"], "no temporary file left")
    }

    // (17) A diverged run's `final` record names the divergence, not a stop by the user.
    @Test func aDivergedRunsFinalRecordSaysItDiverged() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let metrics = work.path("m.jsonl")
        let result = try work.run(["train", "--quiet", "--steps", "200", "--optimizer", "sgd", "--lr_schedule", "none",
                                   "--learning_rate", "1e30", "--clip_norm", "0", "--metrics", metrics])
        #expect(result.status == 3, "\(result.stderr)")
        let final = ReliabilityWorkspace.records(metrics).last
        #expect(final?["type"] as? String == "final")
        let state = final?["event"] as? String ?? ""
        #expect(state.hasPrefix("stopped: training diverged: step ") && !state.contains("by the user"), "\(state)")
    }

    // (5) Dashboard `q` when the final save fails: exit 4, the error on stderr, no `checkpoint: PATH`.
    @Test func dashboardQuitWithAFailedSaveExitsFour() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let checkpoint = work.path("c.ckpt"), stderr = work.path("stderr.txt")
        let harness = try TmuxHarness(command: [
            "/bin/sh", "-c", #"trap '' XFSZ; ulimit -f 40; err=$1; shift; exec "$0" "$@" 2>"$err""#,
            work.binary, stderr, "--hidden", "128", "--checkpoint", checkpoint,
            "--metrics", work.path("m.jsonl"), "--run_dir", work.path("runs")], width: 100, height: 32)
        _ = try harness.waitForText(" training ", timeout: .seconds(15))
        try harness.sendKeys("q")
        let status = try harness.waitForExit(timeout: .seconds(30))
        #expect(status == 4)
        let message = (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? ""
        #expect(message.hasPrefix("bptt-lab: \(checkpoint): cannot save the checkpoint"), "\(message)")
        let screen = try harness.capture().replacingOccurrences(of: "\n", with: "")
        #expect(screen.contains("metrics: \(work.path("m.jsonl"))") && !screen.contains("checkpoint: "), "\(screen)")
        #expect(!FileManager.default.fileExists(atPath: checkpoint))
        #expect(ReliabilityWorkspace.records(work.path("m.jsonl")).last?["type"] as? String == "final")
    }

    // (21) The w key writes its picture through the same writer and checks: an SVG beside the metrics.
    @Test func dashboardWKeyWritesAnSVGBesideTheMetrics() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let harness = try TmuxHarness(command: [work.binary, "--hidden", "8", "--metrics", work.path("m.jsonl"),
                                                "--run_dir", work.path("runs")], width: 100, height: 32)
        _ = try harness.waitForText(" training ", timeout: .seconds(15))
        try harness.sendKeys("w")
        try harness.waitUntil("a picture in the folder", timeout: .seconds(10)) {
            work.fingerprint().keys.contains { $0.hasPrefix("screen-") && $0.hasSuffix(".svg") }
        }
        try harness.sendKeys("q")
        #expect(try harness.waitForExit(timeout: .seconds(30)) == 0)
        let pictures = work.fingerprint().keys.filter { $0.hasPrefix("screen-") }
        #expect(pictures.count == 1 && Set(work.fingerprint().keys) == Set(["m.jsonl"] + pictures), "\(work.fingerprint().keys)")
        let svg = try String(contentsOfFile: work.path(pictures.first ?? "none"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
    }
}
