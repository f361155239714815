import Foundation
import Testing

/// Drives the real `bptt-lab terminal-demo` in tmux (TERM=tmux-256color, 100x32) through every way
/// in and out: it appears, animates, shows keys, follows resizes, and on q, Ctrl-C, SIGTERM and
/// SIGHUP leaves the terminal as it found it (main screen, cursor visible, same tty modes).
@Suite(.serialized) struct TerminalDemoEndToEndTests {
    private func startDemo(_ extra: [String] = [], environment: [String: String] = [:]) throws -> TmuxHarness {
        let harness = try TmuxHarness(command: [try LabBinary.path(), "terminal-demo"] + extra,
                                      environment: environment)
        try harness.waitForText("frame ")
        return harness
    }

    private func frameNumber(_ screen: String) -> Int? {
        guard let range = screen.range(of: #"frame (\d+)"#, options: .regularExpression) else { return nil }
        return Int(screen[range].dropFirst("frame ".count))
    }

    /// After the command ended: it exited with `status`, said why, and the pane is back to normal.
    private func expectRestored(_ harness: TmuxHarness, status expected: Int32, reason: String) throws {
        let status = try harness.waitForExit()
        #expect(status == expected)
        try harness.waitForText("terminal-demo ended: \(reason)")
        #expect(try harness.format("#{alternate_on}") == "0")       // left the alternate screen
        #expect(try harness.format("#{cursor_flag}") == "1")        // cursor visible again
        #expect(try harness.format("#{keypad_cursor_flag}") == "0") // application cursor keys off
        let modes = try harness.ttyModes()
        #expect(modes.before == modes.after, "tty modes not restored")
        #expect(!(try harness.capture().contains("┌─ bptt-lab terminal demo")))
    }

    @Test func appearsAnimatesAndShowsKeys() throws {
        let harness = try startDemo()
        var rows = try harness.lines()
        #expect(rows.count == 32)
        #expect(rows[0].hasPrefix("┌─ bptt-lab terminal demo") && rows[0].hasSuffix("┐"))
        #expect(rows[0].unicodeScalars.count == 100)
        #expect(rows[31] == "└" + String(repeating: "─", count: 98) + "┘")      // bottom-right cell drawn
        #expect(try harness.format("#{alternate_on}") == "1")
        let screen = try harness.capture()
        #expect(screen.contains("colour: 256 colours"), "\(screen)")

        let first = try #require(frameNumber(try harness.capture()))
        try harness.waitUntil("the frame counter to advance") {
            (frameNumber(try harness.capture()) ?? 0) > first + 3
        }
        try harness.sendKeys("x")
        try harness.waitForText("last key: x ")
        try harness.sendKeys("Right")
        try harness.waitForText("last key: right")
        try harness.sendKeys("BTab")
        try harness.waitForText("last key: shift-tab")
        try harness.sendKeys("Escape")
        try harness.waitForText("last key: esc")
        try harness.sendKeys("Space")
        try harness.waitForText("last key: space")
        rows = try harness.lines()
        #expect(rows[31].hasSuffix("┘"))

        try harness.sendKeys("q")
        try expectRestored(harness, status: 0, reason: "quit")
    }

    @Test func resizesRedrawAtTheNewSizeWithoutLeftovers() throws {
        let harness = try startDemo()
        for (width, height) in [(80, 24), (110, 34), (60, 15)] {
            try harness.resize(width: width, height: height)
            try harness.waitForText("size \(width)x\(height)")
            try harness.waitUntil("a complete \(width)x\(height) box") {
                let rows = try harness.lines()
                guard rows.count == height,
                      rows[0].hasPrefix("┌") && rows[0].hasSuffix("┐") && rows[0].unicodeScalars.count == width,
                      rows[height - 1] == "└" + String(repeating: "─", count: width - 2) + "┘" else { return false }
                // Every middle row has both borders at the edges and nothing beyond them.
                return rows[1..<(height - 1)].allSatisfy {
                    $0.hasPrefix("│") && $0.hasSuffix("│") && $0.unicodeScalars.count == width
                }
            }
        }
        try harness.sendKeys("q")
        try expectRestored(harness, status: 0, reason: "quit")
    }

    @Test func ctrlCEndsCleanly() throws {
        let harness = try startDemo()
        try harness.sendKeys("C-c")
        try expectRestored(harness, status: 128 + SIGINT, reason: "SIGINT")
    }

    @Test func sigtermEndsCleanly() throws {
        let harness = try startDemo()
        let pid = try harness.commandPID()
        #expect(kill(pid, SIGTERM) == 0)
        try expectRestored(harness, status: 128 + SIGTERM, reason: "SIGTERM")
    }

    @Test func externalSigintAndSighupEndCleanly() throws {
        for signo in [SIGINT, SIGHUP] {
            let harness = try startDemo()
            let pid = try harness.commandPID()
            #expect(kill(pid, signo) == 0)
            try expectRestored(harness, status: 128 + signo, reason: signo == SIGINT ? "SIGINT" : "SIGHUP")
        }
    }

    @Test func anErrorThrownByACallbackRestoresTheTerminalFirst() throws {
        let harness = try startDemo(["--fail-after-frames", "10"])
        let status = try harness.waitForExit()
        #expect(status == 1)
        // The error is printed after the restore, so it is on the main screen.
        try harness.waitForText("terminal-demo failed on purpose after 10 frames")
        #expect(try harness.format("#{alternate_on}") == "0")
        #expect(try harness.format("#{cursor_flag}") == "1")
        let modes = try harness.ttyModes()
        #expect(modes.before == modes.after, "tty modes not restored")
    }

    @Test func aCrashStillRestoresTheTerminal() throws {
        // The Swift runtime's backtracer still runs after the restore (that is the point: its report
        // lands on a usable terminal); non-interactive so it does not wait for a key.
        let harness = try startDemo(["--crash-after-frames", "10"], environment: ["SWIFT_BACKTRACE": "interactive=no"])
        let status = try harness.waitForExit(timeout: .seconds(20))
        // fatalError traps with SIGILL (x86-64) or SIGTRAP (arm64): the process still dies of it.
        #expect(status == 128 + SIGILL || status == 128 + SIGTRAP, "exit status \(status)")
        #expect(try harness.format("#{alternate_on}") == "0")
        #expect(try harness.format("#{cursor_flag}") == "1")
        let modes = try harness.ttyModes()
        #expect(modes.before == modes.after, "tty modes not restored after a crash")
    }

    @Test func eightColourTerminal() throws {
        let harness = try TmuxHarness(command: ["/usr/bin/env", "TERM=screen", try LabBinary.path(), "terminal-demo"])
        try harness.waitForText("colour: 8 colours")
        try harness.sendKeys("q")
        try expectRestored(harness, status: 0, reason: "quit")
    }

    @Test func aNonUnicodeLocaleGetsAsciiGlyphs() throws {
        // LC_ALL=C chosen by the user: box drawing and braille become ASCII, the layout stays.
        let harness = try TmuxHarness(command: [try LabBinary.path(), "terminal-demo"], environment: ["LC_ALL": "C"])
        try harness.waitForText("frame ")
        let rows = try harness.lines()
        #expect(rows[0].hasPrefix("+- bptt-lab terminal demo -") && rows[0].hasSuffix("+"))
        #expect(rows[31] == "+" + String(repeating: "-", count: 98) + "+")
        #expect(rows.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        try harness.sendKeys("q")
        try expectRestored(harness, status: 0, reason: "quit")
    }

    @Test func noColorGivesMonochrome() throws {
        let harness = try startDemo(environment: ["NO_COLOR": "1"])
        try harness.waitForText("colour: monochrome")
        try harness.sendKeys("q")
        try expectRestored(harness, status: 0, reason: "quit")
    }
}
