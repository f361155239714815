import Foundation

/// Drives a command inside a detached tmux session of a fixed size, like a person at a terminal:
/// read the screen (capture-pane), type (send-keys), resize, and learn how the command ended.
///
/// The command runs under a small wrapper script in the pane that records, in a private directory,
/// the command's pid (for signals), the tty modes before and after it ran (`stty -g`: equal when the
/// terminal was restored), and its exit status. The pane then stays open on the normal screen.
/// Every wait polls every 100 ms up to a deadline. The tmux server has its own socket in a private
/// directory (`-S`, like `-L` but removed with the directory); it is killed in deinit.
final class TmuxHarness {
    static let session = "e2e"
    let directory: URL
    let socket: String
    private let tmuxPath: String

    /// `command` is an argv run directly (no shell). The pane's environment is minimal (PATH, HOME,
    /// TERM=tmux-256color, LC_ALL=C.UTF-8) plus `environment`.
    init(command: [String], width: Int = 100, height: Int = 32, environment: [String: String] = [:]) throws {
        guard let tmuxExecutable = Self.findExecutable("tmux") else {
            throw HarnessError("tmux is not installed: the end-to-end terminal tests need it (`make deps` installs it)")
        }
        tmuxPath = tmuxExecutable
        // /tmp rather than $TMPDIR: a unix socket path must stay under ~100 bytes.
        directory = URL(fileURLWithPath: "/tmp/bptt-e2e-\(getpid())-\(UUID().uuidString.prefix(8))")
        socket = directory.appendingPathComponent("tmux.sock").path
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

        let config = directory.appendingPathComponent("tmux.conf")
        try """
            set -g default-terminal tmux-256color
            set -g status off
            set -g history-limit 100

            """.write(to: config, atomically: true, encoding: .utf8)
        let wrapper = directory.appendingPathComponent("wrapper.sh")
        try """
            #!/bin/sh
            dir=$1; shift
            stty -g > "$dir/stty.before" 2>&1
            sh -c 'echo $$ > "$0/pid"; exec "$@"' "$dir" "$@"
            status=$?
            stty -g > "$dir/stty.after" 2>&1
            echo "$status" > "$dir/exit.tmp" && mv "$dir/exit.tmp" "$dir/exit"
            exec sleep 600

            """.write(to: wrapper, atomically: true, encoding: .utf8)

        var paneEnvironment = ["TERM": "tmux-256color", "LC_ALL": "C.UTF-8"]
        paneEnvironment.merge(environment) { _, new in new }
        var arguments = ["-f", config.path, "new-session", "-d", "-s", Self.session,
                         "-x", "\(width)", "-y", "\(height)"]
        for (name, value) in paneEnvironment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(name)=\(value)"] }
        arguments += ["/bin/sh", wrapper.path, directory.path] + command
        do {
            try tmux(arguments)
        } catch {
            cleanUp()
            throw error
        }
    }

    deinit { cleanUp() }

    // MARK: - Reading the screen

    /// The visible pane text (trailing spaces trimmed by tmux).
    func capture() throws -> String { try tmux(["capture-pane", "-p", "-t", Self.session]) }

    func lines() throws -> [String] {
        var rows = try capture().components(separatedBy: "\n")
        if rows.last == "" { rows.removeLast() }
        return rows
    }

    /// A tmux format evaluated for the pane, e.g. "#{alternate_on}".
    func format(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", Self.session, format])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - Acting

    /// tmux key names: "q", "Right", "BTab", "Escape", "C-c".
    func sendKeys(_ keys: String...) throws { try tmux(["send-keys", "-t", Self.session] + keys) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", Self.session, "-x", "\(width)", "-y", "\(height)"])
    }

    // MARK: - Waiting

    /// Polls `predicate` every 100 ms until it holds or `timeout` passes; the error names what was
    /// awaited and shows the last screen.
    func waitUntil(_ what: String, timeout: Duration = .seconds(5), _ predicate: () throws -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try predicate() { return }
            if ContinuousClock.now > deadline {
                let screen = (try? capture()) ?? "<no capture>"
                throw HarnessError("timed out after \(timeout) waiting for \(what); screen:\n\(screen)")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// Waits until the screen contains `text` and returns that screen.
    @discardableResult
    func waitForText(_ text: String, timeout: Duration = .seconds(5)) throws -> String {
        var screen = ""
        try waitUntil("\"\(text)\" on screen", timeout: timeout) {
            screen = try capture()
            return screen.contains(text)
        }
        return screen
    }

    /// The pid of the command under test (it wrote it just before exec).
    func commandPID(timeout: Duration = .seconds(5)) throws -> pid_t {
        var pid: pid_t = 0
        try waitUntil("the command's pid", timeout: timeout) {
            guard let text = try? String(contentsOf: file("pid"), encoding: .utf8),
                  let value = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return false }
            pid = value
            return true
        }
        return pid
    }

    /// Waits for the command to end and returns its exit status (as the shell reports it).
    func waitForExit(timeout: Duration = .seconds(5)) throws -> Int32 {
        var status: Int32 = -1
        try waitUntil("the command to exit", timeout: timeout) {
            guard let text = try? String(contentsOf: file("exit"), encoding: .utf8),
                  let value = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return false }
            status = value
            return true
        }
        return status
    }

    /// `stty -g` of the pane's tty before the command started and after it ended (after exit only).
    func ttyModes() throws -> (before: String, after: String) {
        let before = try String(contentsOf: file("stty.before"), encoding: .utf8)
        let after = try String(contentsOf: file("stty.after"), encoding: .utf8)
        return (before, after)
    }

    // MARK: - Plumbing

    private func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let result = try Subprocess.run(tmuxPath, ["-u", "-S", socket] + arguments,
                                        environment: Self.serverEnvironment, timeout: .seconds(5))
        guard result.status == 0, !result.timedOut else {
            throw HarnessError("tmux \(arguments.joined(separator: " ")) failed (status \(result.status)"
                + "\(result.timedOut ? ", timed out" : "")): \(result.stderr)")
        }
        return result.stdout
    }

    /// The tmux server passes its environment on to the pane, so it starts from a minimal one: the
    /// test runner's own (NO_COLOR=1 under `swift test`, TERM, TMUX...) must not leak into the
    /// program under test. LC_ALL makes capture-pane's output UTF-8.
    private static var serverEnvironment: [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        return ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "HOME": inherited["HOME"] ?? "/tmp", "LC_ALL": "C.UTF-8"]
    }

    private func cleanUp() {
        _ = try? Subprocess.run(tmuxPath, ["-S", socket, "kill-server"], environment: Self.serverEnvironment,
                                timeout: .seconds(5))
        try? FileManager.default.removeItem(at: directory)
    }

    private static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
