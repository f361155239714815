import Foundation
import Testing
import BPTTTraining
@testable import BPTTDashboard

/// At the minimum size (80x24) every panel keeps the labels a person needs to read it.
@Suite struct MinimumSizeLabelTests {
    static func screen() -> CellGrid {
        // The default demo's loss: from 3.5 bits down to both floors.
        var snapshot = ChartReadabilityTests.demoSnapshot()
        var probe = snapshot.probe!
        probe.naiveSlowestMilliseconds = probe.naiveMilliseconds.map { $0 * 1.1 }
        probe.optimizedSlowestMilliseconds = probe.optimizedMilliseconds.map { $0 * 1.04 }
        snapshot.probe = probe
        return DashboardRenderer.render(snapshot: snapshot, run: Fixtures.run, view: Fixtures.view, width: 80, height: 24)
    }

    /// The text of the panel whose top border carries `title`: the rows and columns inside its box.
    static func panel(_ title: String, in grid: CellGrid) -> String {
        for y in 0..<grid.height {
            let line = Array(grid.line(y).unicodeScalars)
            let titleScalars = Array((" " + title + " ").unicodeScalars)
            guard let start = (0...(max(0, line.count - titleScalars.count))).first(where: {
                Array(line[$0..<($0 + titleScalars.count)]) == titleScalars
            }) else { continue }
            var left = start
            while left > 0 && line[left] != "┌" { left -= 1 }
            var right = start
            while right < line.count - 1 && line[right] != "┐" { right += 1 }
            var bottom = y + 1
            while bottom < grid.height && grid[left, bottom].scalar != "└" { bottom += 1 }
            return (y...min(bottom, grid.height - 1)).map { row in
                String(String.UnicodeScalarView((left...right).map { grid[$0, row].scalar }))
            }.joined(separator: "\n")
        }
        return ""
    }

    @Test func everyPanelKeepsItsEssentialLabels() {
        let grid = Self.screen()
        let essentials: [(String, [String])] = [
            (LossPanel.title, ["bits/char", "train", "valid", "reach<d", "reach≥d", "┤", "┬", "┊"]),
            (GradientPanel.title, ["step", "r_k", "key", "≤1e-6", "≥1e2", "Σ", " t ", "k1", "┄", "d"]),
            (TimingPanel.title, ["log-log", "naive O(T²)", "optimized O(T)", "ratio", "±", "whole update",
                                 "max rel |Δgrad|", "T", "┤", "┬"]),
            (TruncationPanel.title, ["k1", "k2", "reach 12 ≥ d 8"]),
            (SamplePanel.title, ["the cat"]),
        ]
        for (title, labels) in essentials {
            let text = Self.panel(title, in: grid)
            #expect(!text.isEmpty, "no panel \(title)\n\(grid.text)")
            for label in labels {
                #expect(text.contains(label), "\(title) lost '\(label)' at 80x24:\n\(text)")
            }
        }
        for label in ["step 2390", "k1=8 k2=4", "? help"] {
            #expect(grid.line(0).contains(label), "status line lost '\(label)'")
        }
    }
}
