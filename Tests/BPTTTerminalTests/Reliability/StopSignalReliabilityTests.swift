import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 24 (9) (16): every catchable signal whose default is to end the process stops `train` and
/// the dashboard as SIGTERM does: the checkpoint saved, `final` last in the metrics, the terminal
/// restored, exit 128 + n. (SIGQUIT used to reach the Swift runtime's backtracer: a crash report
/// over the dashboard, and training went on.)
@Suite(.serialized, .timeLimit(.minutes(3)))
struct StopSignalReliabilityTests {
    @Test(arguments: [SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM])
    func trainStopsCleanly(_ signalNumber: Int32) throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let metrics = work.path("m.jsonl"), checkpoint = work.path("c.ckpt")
        let run = try BackgroundProcess(work.binary, ["train", "--quiet", "--steps", "100000000", "--hidden", "8",
                                                     "--metrics", metrics, "--checkpoint", checkpoint])
        try Self.waitForRecord("interval", in: metrics)
        run.send(signalNumber)
        let result = run.wait()
        #expect(result.status == 128 + signalNumber, "\(result.stderr)")
        #expect(!result.stderr.contains("Crash") && !result.stderr.contains("Backtrace"), "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: checkpoint))
        #expect(ReliabilityWorkspace.records(metrics).last?["type"] as? String == "final")
        #expect(result.stdout.contains("final: step="))
    }

    @Test(arguments: [SIGQUIT, SIGUSR1, SIGALRM, SIGPIPE])
    func theDashboardRestoresTheTerminal(_ signalNumber: Int32) throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let metrics = work.path("m.jsonl")
        let harness = try TmuxHarness(command: [work.binary, "--metrics", metrics, "--run_dir", work.path("runs")],
                                      width: 120, height: 40)
        try harness.waitUntil("the dashboard training", timeout: .seconds(15)) {
            (try harness.lines().first ?? "").contains(" training ")
        }
        try Self.waitForRecord("interval", in: metrics)
        #expect(try harness.format("#{alternate_on}") == "1")
        let pid = try harness.commandPID()
        #expect(kill(pid, signalNumber) == 0)
        let status = try harness.waitForExit(timeout: .seconds(15))
        #expect(status == 128 + signalNumber)
        #expect(try harness.format("#{alternate_on}") == "0")    // back on the shell's screen
        #expect(try harness.format("#{cursor_flag}") == "1")     // cursor visible
        let modes = try harness.ttyModes()
        #expect(modes.before == modes.after, "tty modes not restored")
        let screen = try harness.capture().replacingOccurrences(of: "\n", with: "")
        #expect(screen.contains("default: step ") && !screen.contains("Crash"), "\(screen)")
        #expect(ReliabilityWorkspace.records(metrics).last?["type"] as? String == "final")
    }

    // Elsewhere SIGQUIT has its default action (the process ends, 131) instead of the backtracer's
    // report after which the command went on.
    @Test func sigquitEndsOtherCommands() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let run = try BackgroundProcess(work.binary, ["study", "truncation", "--seeds", "1", "--reaches", "5",
                                                     "--max-updates", "1000000"])
        usleep(1_500_000)
        run.send(SIGQUIT)
        let result = run.wait(timeout: .seconds(10))
        #expect(!result.timedOut, "still running 10 s after SIGQUIT")
        #expect(result.status == 128 + SIGQUIT, "\(result.stderr)")
        #expect(!result.stderr.contains("Crash"), "\(result.stderr)")
    }

    static func waitForRecord(_ type: String, in metrics: String) throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if ReliabilityWorkspace.records(metrics).contains(where: { $0["type"] as? String == type }) { return }
            usleep(50_000)
        }
        throw HarnessError("no \(type) record in \(metrics) within 20 s")
    }
}
