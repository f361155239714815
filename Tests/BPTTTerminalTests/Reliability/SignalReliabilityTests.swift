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

/// Issue 24, output that goes away: stdout closed by its reader, stderr closed, and a step limit at
/// the top of Int's range.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ClosedOutputReliabilityTests {
    // (8) `train | head -1`: the run stops cleanly (checkpoint, `final` last) and exits 128 + SIGPIPE.
    @Test func aClosedStdoutPipeStopsTheRunCleanly() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let metrics = work.path("m.jsonl"), checkpoint = work.path("c.ckpt")
        let script = "\"$0\" train --steps 100000000 --hidden 8 --metrics '\(metrics)' --checkpoint '\(checkpoint)'"
            + " | head -n 1; echo \"train status ${PIPESTATUS[0]}\" >&2"
        let result = try Subprocess.run("/bin/bash", ["-c", script, work.binary], timeout: .seconds(60))
        #expect(!result.timedOut)
        #expect(result.stderr.contains("train status 141"), "\(result.stderr)")
        #expect(result.stderr.contains("standard output was closed (EPIPE)"), "\(result.stderr)")
        #expect(result.stdout.hasPrefix("training default") && result.stdout.split(separator: "\n").count == 1)
        #expect(FileManager.default.fileExists(atPath: checkpoint))
        #expect(ReliabilityWorkspace.records(metrics).last?["type"] as? String == "final")
    }

    // (14) An error with stderr closed is still exit 2, not a trap.
    @Test func anErrorWithStderrClosedExitsTwo() throws {
        let result = try Subprocess.run("/bin/sh", ["-c", "exec \"$0\" train --hiden 3 2>&-", try LabBinary.path()])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
    }

    // (13) --steps Int.max on a resumed run (step + steps would overflow) trains until stopped.
    @Test func aResumeWithTheLargestStepCountDoesNotTrap() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let checkpoint = work.path("c.ckpt")
        let first = try work.run(ReliabilityWorkspace.quickTrain(steps: 20) + ["--checkpoint", checkpoint, "--metrics", work.path("a.jsonl")])
        #expect(first.status == 0, "\(first.stderr)")
        let metrics = work.path("b.jsonl")
        let run = try BackgroundProcess(work.binary, ["train", "--quiet", "--resume", checkpoint, "--steps", "\(Int.max)",
                                                     "--metrics", metrics])
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline,
              !ReliabilityWorkspace.records(metrics).contains(where: { $0["type"] as? String == "interval" }) {
            usleep(50_000)
        }
        run.send(SIGTERM)
        let result = run.wait()
        #expect(result.status == 128 + SIGTERM, "\(result.stderr)")
        #expect(ReliabilityWorkspace.records(metrics).last?["type"] as? String == "final")
    }
}
