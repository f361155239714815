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
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, scratch.appendingPathComponent("out").path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, scratch.appendingPathComponent("err").path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), defaults = sigset_t()
        sigemptyset(&noSignals)
        sigemptyset(&defaults)
        for signo in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGSEGV, SIGABRT] { sigaddset(&defaults, signo) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let env = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in env { free(p) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, env)
        guard spawned == 0 else { throw HarnessError("cannot run \(executable): \(String(cString: strerror(spawned)))") }
        self.pid = pid
    }

    func send(_ signal: Int32) { if finished == nil { kill(pid, signal) } }

    /// Waits for the end (SIGKILL at the deadline, reported as timedOut).
    func wait(timeout: Duration = .seconds(20)) -> Subprocess.Result {
        if let finished { return finished }
        let deadline = ContinuousClock.now + timeout
        var rawStatus: Int32 = 0
        var timedOut = false
        while true {
            let r = waitpid(pid, &rawStatus, WNOHANG)
            if r == pid { break }
            if ContinuousClock.now > deadline {
                timedOut = true
                kill(pid, SIGKILL)
                while waitpid(pid, &rawStatus, 0) < 0 && errno == EINTR {}
                break
            }
            usleep(10_000)
        }
        let signal = rawStatus & 0x7F
        let status = signal == 0 ? (rawStatus >> 8) & 0xFF : 128 + signal
        let out = (try? String(contentsOf: scratch.appendingPathComponent("out"), encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: scratch.appendingPathComponent("err"), encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: scratch)
        let result = Subprocess.Result(status: status, stdout: out, stderr: err, timedOut: timedOut)
        finished = result
        return result
    }

    deinit { _ = wait(timeout: .seconds(1)) }
}
