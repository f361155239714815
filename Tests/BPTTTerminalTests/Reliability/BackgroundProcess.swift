import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real binary started in the background, so a test can signal it mid-run and then collect
/// how it ended. Like `Subprocess`: empty signal mask and default dispositions for the child,
/// stdin /dev/null, output to files; killed with SIGKILL if a wait passes its deadline.
final class BackgroundProcess {
    let pid: pid_t
    private let scratch: URL
    private var finished: Subprocess.Result?

    init(_ executable: String, _ arguments: [String]) throws {
        scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("bptt-background-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        pid = try Subprocess.spawn(executable, arguments, outPath: scratch.appendingPathComponent("out").path,
                                   errPath: scratch.appendingPathComponent("err").path,
                                   defaultSignals: [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGSEGV, SIGABRT])
    }

    func send(_ signal: Int32) { if finished == nil { kill(pid, signal) } }

    /// Waits for the end (SIGKILL at the deadline, reported as timedOut).
    func wait(timeout: Duration = .seconds(20)) -> Subprocess.Result {
        if let finished { return finished }
        let result: Subprocess.Result
        do {
            result = try Subprocess.waitForExit(pid, timeout: timeout, outPath: scratch.appendingPathComponent("out").path,
                                                errPath: scratch.appendingPathComponent("err").path)
        } catch {
            result = Subprocess.Result(status: -1, stdout: "", stderr: "\(error)", timedOut: false)
        }
        try? FileManager.default.removeItem(at: scratch)
        finished = result
        return result
    }

    deinit { _ = wait(timeout: .seconds(1)) }
}
