import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a program to completion with a deadline (it is killed when the deadline passes, so a test
/// can never hang on it) and collects its output.
///
/// posix_spawn rather than Foundation's Process, for two reasons measured here: test threads block
/// most signals and a child would inherit that mask (a tmux server started that way ignores SIGCHLD
/// and a program under it never sees SIGHUP/SIGTERM/SIGWINCH), so the child gets an empty mask and
/// default dispositions; and output goes to files, not pipes, because the tmux server daemonizes
/// from the client and would hold a pipe open forever.
enum Subprocess {
    struct Result {
        var status: Int32          // exit status, or 128 + signal number
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    /// stdin is /dev/null (never a terminal).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    timeout: Duration = .seconds(10)) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("bptt-subprocess-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outPath = scratch.appendingPathComponent("out").path
        let errPath = scratch.appendingPathComponent("err").path
        let pid = try spawn(executable, arguments, environment: environment, outPath: outPath, errPath: errPath,
                            defaultSignals: [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGWINCH, SIGTSTP])
        return try waitForExit(pid, timeout: timeout, outPath: outPath, errPath: errPath)
    }

    /// Starts `executable` with stdin /dev/null, stdout and stderr into the two files, an empty signal
    /// mask and the default disposition for `defaultSignals`.
    static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                      outPath: String, errPath: String, defaultSignals: [Int32]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), defaults = sigset_t()
        sigemptyset(&noSignals)
        sigemptyset(&defaults)
        for signo in defaultSignals { sigaddset(&defaults, signo) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in env { free(p) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, env)
        guard spawned == 0 else {
            throw HarnessError("cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// Waits for `pid` to end (SIGKILL at the deadline, reported as timedOut) and reads its output.
    static func waitForExit(_ pid: pid_t, timeout: Duration, outPath: String, errPath: String) throws -> Result {
        let deadline = ContinuousClock.now + timeout
        var rawStatus: Int32 = 0
        var timedOut = false
        while true {
            let r = waitpid(pid, &rawStatus, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { throw HarnessError("waitpid(\(pid)) failed: errno \(errno)") }
            if ContinuousClock.now > deadline {
                timedOut = true
                kill(pid, SIGKILL)
                while waitpid(pid, &rawStatus, 0) < 0 && errno == EINTR {}
                break
            }
            usleep(5_000)
        }
        let signal = rawStatus & 0x7F
        let status = signal == 0 ? (rawStatus >> 8) & 0xFF : 128 + signal
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Result(status: status, stdout: out, stderr: err, timedOut: timedOut)
    }
}

/// The `bptt-lab` binary under test: $BPTT_LAB_BINARY (the Makefile points it at the release
/// build), else .build/debug/bptt-lab in this package.
enum LabBinary {
    static func path(filePath: String = #filePath) throws -> String {
        if let configured = ProcessInfo.processInfo.environment["BPTT_LAB_BINARY"], !configured.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: configured) else {
                throw HarnessError("BPTT_LAB_BINARY=\(configured) is not an executable file: build it (make build) or unset it")
            }
            return configured
        }
        let packageRoot = URL(fileURLWithPath: filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fallback = packageRoot.appendingPathComponent(".build/debug/bptt-lab").path
        guard FileManager.default.isExecutableFile(atPath: fallback) else {
            throw HarnessError("no bptt-lab binary: set BPTT_LAB_BINARY or run `swift build` first (looked for \(fallback))")
        }
        return fallback
    }
}
