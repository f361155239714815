import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9, signals: `train` stopped by SIGINT, SIGTERM or SIGHUP saves its checkpoint, ends its
/// metrics with `final`, and exits 128 + the signal; an external fatal signal ends the process.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SignalReliabilityTests {
    // (7) (8) (10)
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func aStopSignalSavesWritesFinalAndExitsWith128PlusTheSignal(_ signalNumber: Int32) throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let metrics = work.path("m.jsonl"), checkpoint = work.path("c.ckpt")
        let run = try BackgroundProcess(work.binary, ["train", "--quiet", "--steps", "100000000", "--hidden", "8",
                                                     "--metrics", metrics, "--checkpoint", checkpoint])
        try waitUntilTraining(metrics)
        run.send(signalNumber)
        let result = run.wait()
        #expect(result.status == 128 + signalNumber, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: checkpoint))
        let records = ReliabilityWorkspace.records(metrics)
        #expect(records.last?["type"] as? String == "final", "\(records.last ?? [:])")
        #expect(result.stdout.contains("final: step="))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: work.directory)) == ["m.jsonl", "c.ckpt"])
    }

    // (9) A SIGSEGV or SIGABRT from outside ends the process with that signal; training does not go on.
    @Test(arguments: [SIGSEGV, SIGABRT])
    func anExternalFatalSignalEndsTheProcess(_ signalNumber: Int32) throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let metrics = work.path("m.jsonl")
        let run = try BackgroundProcess(work.binary, ["train", "--quiet", "--steps", "100000000", "--hidden", "8",
                                                     "--metrics", metrics])
        try waitUntilTraining(metrics)
        run.send(signalNumber)
        let result = run.wait(timeout: .seconds(15))
        #expect(!result.timedOut, "still running 15 s after the signal")
        #expect(result.status == 128 + signalNumber)
    }

    private func waitUntilTraining(_ metrics: String) throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if ReliabilityWorkspace.records(metrics).contains(where: { $0["type"] as? String == "interval" }) { return }
            usleep(50_000)
        }
        throw HarnessError("no interval record in \(metrics) within 20 s")
    }
}
