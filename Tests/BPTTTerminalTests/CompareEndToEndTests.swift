import Foundation
import Testing

/// Two runs in the real dashboard in tmux at 120x40: `b` and enter start run B with truncation off
/// beside A, both train with both rates in the status line and both named in the loss legend, `f`
/// moves the focus to B, and `q` ends both with one summary line each and each metrics file closed
/// by a final record.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct CompareEndToEndTests {
    @Test func bStartsRunBBesideAAndQuitEndsBoth() throws {
        let folder = URL(fileURLWithPath: "/tmp/bptt-compare-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let metricsA = folder.appendingPathComponent("metrics.jsonl").path
        let metricsB = folder.appendingPathComponent("metrics-B.jsonl").path
        let harness = try TmuxHarness(
            command: [try LabBinary.path(), "--metrics", metricsA, "--run_dir", folder.appendingPathComponent("runs").path],
            width: 120, height: 40)
        func status() throws -> String { try harness.lines().first ?? "" }
        try harness.waitUntil("the dashboard training", timeout: .seconds(10)) { try status().contains(" training ") }

        try harness.sendKeys("b")
        _ = try harness.waitForText("Compare · run B", timeout: .seconds(5))
        try harness.sendKeys("Enter")
        try harness.waitUntil("A and B in the status line and the loss legend", timeout: .seconds(10)) {
            let rows = try harness.lines()
            return (rows.first ?? "").hasPrefix(" ▶A") && (rows.first ?? "").contains("│ B ")
                && rows.contains { $0.contains("A k1=3") && $0.contains("B off") }
        }
        try harness.sendKeys("f")
        try harness.waitUntil("the focus on B, its slider at off", timeout: .seconds(5)) {
            try status().hasPrefix(" ▶B") && harness.capture().contains("run B")
        }

        try harness.sendKeys("q")
        #expect(try harness.waitForExit(timeout: .seconds(15)) == 0)
        let screen = try harness.capture().replacingOccurrences(of: "\n", with: "")
        #expect(screen.range(of: #"default: step \d+"#, options: .regularExpression) != nil, "\(screen)")
        #expect(screen.range(of: #"default-B: step \d+"#, options: .regularExpression) != nil, "\(screen)")
        for path in [metricsA, metricsB] {
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            #expect(lines.last?.contains("\"type\":\"final\"") == true, "\(path) ends without a final record")
        }
    }
}
