import Foundation
import Testing
@testable import BPTTDashboard

/// Full-screen snapshot files: `<name>.txt` (the characters) and `<name>.styles.txt` (one code per
/// cell, see `StyleCodes`), in Tests/BPTTDashboardTests/Snapshots, read through Bundle.module.
/// BPTT_RECORD_SNAPSHOTS=1 rewrites them in the source tree (refused when CI is set).
enum SnapshotAssertions {
    static let recordVariable = "BPTT_RECORD_SNAPSHOTS"

    static func assertSnapshot(_ grid: CellGrid, named name: String, sourceFile: String = #filePath,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let files = [(name + ".txt", grid.text + "\n"), (name + ".styles.txt", StyleCodes.map(grid) + "\n")]
        let environment = ProcessInfo.processInfo.environment
        if environment[recordVariable] == "1" {
            if let ci = environment["CI"], !ci.isEmpty {
                Issue.record("\(recordVariable)=1 is refused when CI is set: snapshots are recorded locally and committed",
                             sourceLocation: sourceLocation)
                return
            }
            let folder = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().appendingPathComponent("Snapshots")
            for (file, contents) in files {
                do {
                    try contents.write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
                } catch {
                    Issue.record("could not record \(file): \(error)", sourceLocation: sourceLocation)
                }
            }
            Issue.record("recorded snapshot \(name) in \(folder.path); look at it, then run the tests again without \(recordVariable)",
                         sourceLocation: sourceLocation)
            return
        }
        for (file, actual) in files {
            guard let url = Bundle.module.url(forResource: file, withExtension: nil, subdirectory: "Snapshots"),
                  let expected = try? String(contentsOf: url, encoding: .utf8) else {
                Issue.record("missing snapshot Snapshots/\(file): record it with `\(recordVariable)=1 swift test --filter BPTTDashboardTests`, look at it, and commit it",
                             sourceLocation: sourceLocation)
                continue
            }
            if expected != actual {
                Issue.record("snapshot \(file) differs:\n\(firstDifference(expected: expected, actual: actual))\nIf the change is intended, re-record with \(recordVariable)=1 and review the diff.",
                             sourceLocation: sourceLocation)
            }
        }
    }

    static func firstDifference(expected: String, actual: String) -> String {
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? e[i] : "<none>", al = i < a.count ? a[i] : "<none>"
            if el != al { return "line \(i + 1):\n  expected: \(el)\n  actual:   \(al)" }
        }
        return "(no line differs)"
    }
}

/// A compact, readable code per style for the style-map files.
enum StyleCodes {
    static let codes: [StyleID: Character] = [
        .normal: ".", .dim: "d", .bold: "B", .border: "#", .title: "T", .focused: "F", .axis: "a",
        .trainLoss: "L", .trainLossRaw: "l", .validLoss: "v", .reference: "r", .marker: "m",
        .naive: "N", .optimized: "O", .good: "g", .warning: "w", .error: "E", .statusBar: "s",
        .key: "k", .truncated: "t", .reach: "R",
        .recallLoss: "K", .otherLoss: "o", .compareRun: "b",
    ]
    /// The ink ramp (bars): one Greek letter per level, cold to hot.
    static let inkCodes: [Character] = ["α", "β", "γ", "δ", "ε", "ζ", "η", "θ"]

    static func code(_ style: StyleID) -> Character {
        if let c = codes[style] { return c }
        let ink = Int(style.rawValue) - Int(StyleID.heatInk(0).rawValue)
        if ink >= 0 && ink < StyleID.heatLevels { return inkCodes[ink] }
        let heat = Int(style.rawValue) - Int(StyleID.heat(0).rawValue)
        if heat >= 0 && heat < StyleID.heatLevels { return Character(String(heat)) }
        return "?"
    }

    static func map(_ grid: CellGrid) -> String {
        (0..<grid.height).map { y in String((0..<grid.width).map { code(grid[$0, y].style) }) }
            .joined(separator: "\n")
    }
}
