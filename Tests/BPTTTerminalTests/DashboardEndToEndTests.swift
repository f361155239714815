import BPTTDashboard
import Foundation
import Testing

/// Drives the real dashboard (`bptt-lab` with no subcommand: the built-in default, training at once)
/// in tmux at 120x40 with TERM=tmux-256color: it appears and trains, → changes k1 on screen and in
/// the metrics file, space pauses and resumes, resizes redraw (or say the size needed), ? shows the
/// keys, and q / SIGTERM end it with the terminal restored and a summary printed after.
/// Each run writes its metrics and run folder into a private temporary folder, never the repo.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct DashboardEndToEndTests {
    static let width = 120
    static let height = 40
    /// Every test ends within this, pass or fail: each wait gets at most what is left of it.
    static let testBudget = Duration.seconds(30)
    /// Swift Testing makes a fresh suite value per test, so this is the test's start.
    private let testStarted = ContinuousClock.now

    /// `wanted`, cut to what is left of the test's budget.
    private func within(_ wanted: Duration) -> Duration {
        min(wanted, Self.testBudget - (ContinuousClock.now - testStarted))
    }

    /// A private folder for one run's files (metrics, run folder, redirected output). A struct
    /// removed by an explicit `defer`, not a deinit: a local object may be released after its last
    /// use, which can come before the program under test is done with the folder.
    struct Scratch {
        let directory: URL
        var metricsPath: String { directory.appendingPathComponent("metrics.jsonl").path }
        var runDirectory: String { directory.appendingPathComponent("runs").path }

        init() throws {
            directory = URL(fileURLWithPath: "/tmp/bptt-dash-\(getpid())-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    // MARK: - Starting and reading the dashboard

    /// Starts `bptt-lab` (the dashboard) on the built-in default and waits until it trains.
    private func startDashboard(_ scratch: Scratch) throws -> TmuxHarness {
        let harness = try TmuxHarness(
            command: [try LabBinary.path(), "--metrics", scratch.metricsPath, "--run_dir", scratch.runDirectory],
            width: Self.width, height: Self.height)
        try waitForDashboard(harness, timeout: .seconds(10))   // debug build: corpus and model first
        return harness
    }

    /// Every panel title in its box's top border, and "training" in the status line.
    private func waitForDashboard(_ harness: TmuxHarness, timeout: Duration = .seconds(5)) throws {
        try harness.waitUntil("the dashboard with all panel titles, training", timeout: within(timeout)) {
            let rows = try harness.lines()
            return allTitlesDrawn(rows) && (rows.first ?? "").contains(" training ")
        }
    }

    private func allTitlesDrawn(_ rows: [String]) -> Bool {
        DashboardRenderer.panelTitles.allSatisfy { title in rows.contains { $0.contains("┌─ \(title) ") } }
    }

    private func statusLine(_ harness: TmuxHarness) throws -> String { try harness.lines().first ?? "" }

    /// The step counter of the status line ("step N").
    private func step(_ harness: TmuxHarness) throws -> Int? {
        let status = try statusLine(harness)
        guard let range = status.range(of: #"\bstep \d+"#, options: .regularExpression) else { return nil }
        return Int(status[range].dropFirst("step ".count))
    }

    private func waitForStep(after previous: Int, _ harness: TmuxHarness,
                             timeout: Duration = .seconds(5)) throws -> Int {
        var current = previous
        try harness.waitUntil("the step counter to pass \(previous)", timeout: within(timeout)) {
            current = try step(harness) ?? previous
            return current > previous
        }
        return current
    }

    /// The metrics file's records as JSON objects; a line still being written is skipped.
    private func metricsRecords(_ path: String) -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    /// The text inside the help overlay's box (not the panels' footers around it).
    private func helpOverlayText(_ harness: TmuxHarness) throws -> String {
        let rows = try harness.lines().map { Array($0.unicodeScalars) }
        let marker = Array("┌─ Help · keys".unicodeScalars)
        guard let top = rows.firstIndex(where: { $0.firstRange(of: marker) != nil }),
              let left = rows[top].firstRange(of: marker)?.lowerBound,
              let right = rows[top][left...].firstIndex(of: "┐") else {
            throw HarnessError("no help overlay box on screen")
        }
        var inside: [String] = []
        for row in rows[(top + 1)...] {
            guard row.count > left, row[left] == "│" else { break }
            inside.append(String(String.UnicodeScalarView(row[left...min(right, row.count - 1)])))
        }
        return inside.joined(separator: "\n")
    }

    // MARK: - Ending

    /// After the command ended: `status`, the main screen back with the cursor and tty modes as
    /// before, and the one-line summary printed on it (so after the screen closed).
    private func expectRestored(_ harness: TmuxHarness, status expected: Int32, scratch: Scratch,
                                lastSeenStep: Int) throws {
        let status = try harness.waitForExit(timeout: within(.seconds(10)))
        #expect(status == expected)
        #expect(try harness.format("#{alternate_on}") == "0")       // left the alternate screen
        #expect(try harness.format("#{cursor_flag}") == "1")        // cursor visible again
        #expect(try harness.format("#{keypad_cursor_flag}") == "0") // application cursor keys off
        let modes = try harness.ttyModes()
        #expect(modes.before == modes.after, "tty modes not restored")

        let screen = try harness.capture()
        #expect(!allTitlesDrawn(screen.components(separatedBy: "\n")), "dashboard left on the main screen:\n\(screen)")
        // The pane wraps a long summary: read it without line breaks.
        let joined = screen.replacingOccurrences(of: "\n", with: "")
        let summary = try #require(joined.range(of: #"default: step \d+"#, options: .regularExpression),
                                   "no summary on the main screen:\n\(screen)")
        let summaryStep = try #require(Int(joined[summary].dropFirst("default: step ".count)))
        #expect(summaryStep >= lastSeenStep)
        #expect(joined.contains("metrics: \(scratch.metricsPath)"), "\(screen)")
    }

    private func quit(_ harness: TmuxHarness, scratch: Scratch) throws {
        let lastSeen = try step(harness) ?? 0
        try harness.sendKeys("q")
        try expectRestored(harness, status: 0, scratch: scratch, lastSeenStep: lastSeen)
        // Issue 9 (7): `q` ends the metrics with a final record.
        #expect(metricsRecords(scratch.metricsPath).last?["type"] as? String == "final")
    }

    // MARK: - Tests

    @Test func appearsTrainsAndArrowRaisesK1OnScreenAndInTheMetrics() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let harness = try startDashboard(scratch)
        let rows = try harness.lines()
        #expect(rows.count == Self.height)
        #expect(rows.allSatisfy { $0.unicodeScalars.count <= Self.width })
        #expect(try harness.format("#{alternate_on}") == "1")

        // Training: the step counter advances between captures.
        let first = try #require(try step(harness), "no step counter in the status line")
        _ = try waitForStep(after: first, harness)

        // → with the k1 slider focused (the default): k1 3 → 4, the next rung of the ladder.
        #expect(try statusLine(harness).contains("k1=3 k2=2"))
        #expect(try harness.capture().contains("▶ k1"))
        try harness.sendKeys("Right")
        try harness.waitUntil("k1=4 in the status line", timeout: within(.seconds(5))) {
            try statusLine(harness).contains("k1=4 k2=2")
        }
        // The session applied it: its metrics file records the change.
        try harness.waitUntil("a truncation event with k1=4 in \(scratch.metricsPath)", timeout: within(.seconds(5))) {
            metricsRecords(scratch.metricsPath).contains {
                $0["type"] as? String == "event" && $0["event"] as? String == "truncation"
                    && ($0["truncation"] as? [String: Any])?["k1"] as? Int == 4
                    && ($0["truncation"] as? [String: Any])?["k2"] as? Int == 2
            }
        }
        // And training goes on at the new setting.
        _ = try waitForStep(after: try step(harness) ?? 0, harness)
        #expect(try statusLine(harness).contains("k1=4 k2=2"))

        try quit(harness, scratch: scratch)
    }

    @Test func spacePausesAndResumes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let harness = try startDashboard(scratch)
        try harness.sendKeys("Space")
        try harness.waitUntil("\"paused\" in the status line", timeout: within(.seconds(5))) {
            try statusLine(harness).contains(" paused ")
        }
        // Paused: the counter stands still (two captures half a second apart).
        let pausedAt = try #require(try step(harness))
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try step(harness) == pausedAt)
        #expect(try statusLine(harness).contains(" paused "))

        try harness.sendKeys("Space")
        try harness.waitUntil("\"training\" in the status line", timeout: within(.seconds(5))) {
            try statusLine(harness).contains(" training ")
        }
        _ = try waitForStep(after: pausedAt, harness)

        try quit(harness, scratch: scratch)
    }

    @Test func resizesRedrawOrSayTheSizeNeeded() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let harness = try startDashboard(scratch)

        // Smaller but above the minimum: every title still drawn whole, nothing past the edge.
        try harness.resize(width: 100, height: 30)
        try harness.waitUntil("the dashboard redrawn at 100x30", timeout: within(.seconds(5))) {
            let rows = try harness.lines()
            return rows.count == 30 && allTitlesDrawn(rows) && rows.allSatisfy { $0.unicodeScalars.count <= 100 }
                && rows[0].contains(" training ")
        }

        // Below the minimum: only the centred message saying the size needed.
        try harness.resize(width: 60, height: 15)
        let message = DashboardRenderer.tooSmallMessage(width: 60, height: 15)
        #expect(message.contains("terminal too small"))
        try harness.waitUntil("the too-small message at 60x15", timeout: within(.seconds(5))) {
            let rows = try harness.lines()
            return rows.count == 15 && rows.contains { $0.contains(message) }
        }
        let rows = try harness.lines()
        let row = try #require(rows.firstIndex { $0.contains(message) })
        let indent = rows[row].prefix { $0 == " " }.count
        #expect(abs(indent - (60 - message.count) / 2) <= 1, "not centred across: \(rows[row])")
        #expect(abs(row - (15 - 1) / 2) <= 1, "not centred down: row \(row)")
        let others = rows.enumerated().filter { $0.offset != row }.map(\.element)
        #expect(others.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty },
                "more than the message on screen:\n\(rows.joined(separator: "\n"))")

        // Back to full size: the dashboard returns, still training.
        try harness.resize(width: Self.width, height: Self.height)
        try waitForDashboard(harness)
        #expect(try harness.lines().count == Self.height)
        _ = try waitForStep(after: try step(harness) ?? 0, harness)

        try quit(harness, scratch: scratch)
    }

    @Test func helpOverlayListsTheKeysAndAnyKeyClosesIt() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let harness = try startDashboard(scratch)
        try harness.sendKeys("?")
        try harness.waitForText("Help · keys", timeout: within(.seconds(5)))
        let help = try helpOverlayText(harness)
        for entry in ["space", "pause", "slider", "tab", "engine", "restart", "help", "quit"] {
            #expect(help.contains(entry), "the help overlay lacks \"\(entry)\":\n\(help)")
        }
        try harness.sendKeys("x")
        try harness.waitUntil("the help overlay to close", timeout: within(.seconds(5))) {
            !(try harness.capture().contains("Help · keys"))
        }
        try waitForDashboard(harness)

        try quit(harness, scratch: scratch)
    }

    @Test func sigtermEndsCleanly() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let harness = try startDashboard(scratch)
        let lastSeen = try step(harness) ?? 0
        let pid = try harness.commandPID(timeout: within(.seconds(5)))
        #expect(kill(pid, SIGTERM) == 0)
        try expectRestored(harness, status: 128 + SIGTERM, scratch: scratch, lastSeenStep: lastSeen)
        #expect(metricsRecords(scratch.metricsPath).last?["type"] as? String == "final")
    }

    @Test func aMissingConfigFailsFastWithOneLineNamingTheFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let start = ContinuousClock.now
        let result = try Subprocess.run(try LabBinary.path(),
                                        ["--config", "/nonexistent.cfg", "--run_dir", scratch.runDirectory],
                                        timeout: .seconds(10))
        #expect(!result.timedOut)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(result.status != 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && result.stderr.hasPrefix("bptt-lab: "), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("/nonexistent.cfg"), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func stdoutRedirectedSaysATerminalIsNeededAndSuggestsTrain() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let output = scratch.directory.appendingPathComponent("out.txt").path
        // stdin stays the pane's terminal; only stdout goes to a file.
        let harness = try TmuxHarness(command: ["/bin/sh", "-c", #""$0" --run_dir "$1" > "$2""#,
                                                try LabBinary.path(), scratch.runDirectory, output],
                                      width: Self.width, height: Self.height)
        let status = try harness.waitForExit(timeout: within(.seconds(5)))
        #expect(status != 0)
        let screen = try harness.capture().replacingOccurrences(of: "\n", with: "")
        #expect(screen.contains("stdout is not a terminal"), "\(screen)")
        #expect(screen.contains("bptt-lab train"), "\(screen)")
        #expect(try String(contentsOfFile: output, encoding: .utf8).isEmpty)   // no escape sequences in the file
        // Refused before the run began: no run folder (metrics file) was created.
        #expect(!FileManager.default.fileExists(atPath: scratch.runDirectory))
        let modes = try harness.ttyModes()
        #expect(modes.before == modes.after, "tty modes changed by a refused start")
        #expect(try harness.format("#{alternate_on}") == "0")
    }
}
