import Foundation
import Testing

/// Without a usable terminal the program must fail at once, non-zero, with a message that says why
/// and points to `bptt-lab train` — never hang, never leave the tty changed.
@Suite(.serialized) struct NotATerminalTests {
    @Test func pipedOutputFailsFastWithoutTmux() throws {
        let start = ContinuousClock.now
        let result = try Subprocess.run(try LabBinary.path(), ["terminal-demo"], timeout: .seconds(10))
        #expect(!result.timedOut)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(result.status != 0)
        #expect(result.stderr.contains("stdout is not a terminal"))
        #expect(result.stderr.contains("bptt-lab train"))
        #expect(result.stdout.isEmpty)                          // no escape sequences into the pipe
    }

    /// Runs the demo in a tmux pane through `sh -c script` (so redirections and env can be set) and
    /// returns its exit status and the screen.
    private func runInPane(_ script: String, environment: [String: String] = [:]) throws -> (Int32, String) {
        let harness = try TmuxHarness(command: ["/bin/sh", "-c", script, try LabBinary.path()],
                                      environment: environment)
        let status = try harness.waitForExit(timeout: .seconds(5))
        let modes = try harness.ttyModes()
        #expect(modes.before == modes.after, "tty modes changed by a failed start")
        #expect(try harness.format("#{alternate_on}") == "0")
        return (status, try harness.capture())
    }

    @Test func stdoutRedirectedInATerminal() throws {
        let (status, screen) = try runInPane(#""$0" terminal-demo > /dev/null"#)
        #expect(status == 1)
        #expect(screen.contains("stdout is not a terminal"))
    }

    @Test func stdinRedirectedInATerminal() throws {
        let (status, screen) = try runInPane(#""$0" terminal-demo < /dev/null"#)
        #expect(status == 1)
        #expect(screen.contains("stdin is not a terminal"))
    }

    @Test func unknownMissingAndDumbTerminalTypes() throws {
        let cases: [(String, String)] = [
            (#"TERM=no-such-terminal "$0" terminal-demo"#, "TERM=no-such-terminal is not in the terminfo database"),
            (#"unset TERM; "$0" terminal-demo"#, "TERM is not set"),
            (#"TERM=dumb "$0" terminal-demo"#, "TERM=dumb cannot move the cursor"),
        ]
        for (script, expected) in cases {
            let (status, screen) = try runInPane(script)
            #expect(status == 1, "\(script)")
            // The pane wraps long lines: compare without line breaks.
            #expect(screen.replacingOccurrences(of: "\n", with: "").contains(expected), "\(script)")
        }
    }
}
