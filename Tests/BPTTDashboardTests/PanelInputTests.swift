import Foundation
import Testing
import BPTTTraining
@testable import BPTTDashboard

/// Panels drawn from their inputs alone, with no snapshot or view state: what a panel shows is
/// what its input says.
@Suite struct PanelInputTests {
    func draw(_ widget: Widget, width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        widget.draw(in: Rect(x: 0, y: 0, width: width, height: height), grid: &grid)
        return grid
    }

    static let lnK = log(4.0)
    static let floors = LossFloors(withMemory: 0.1, withoutMemory: 0.5, recallWithoutMemory: lnK, others: 0.1)

    @Test func truncationPanelFromItsInput() {
        let input = TruncationPanel.Input(
            truncation: .blocks(k1: 4, k2: 2), shown: .blocks(k1: 4, k2: 2), sentenceModeAvailable: true,
            focus: .k1, letter: "A",
            recall: .init(dependencyDistance: 8, floors: Self.floors, latestRecallLoss: 0.5 * Self.lnK),
            others: [.init(letter: "B", truncation: .off,
                           recall: .init(dependencyDistance: 8, floors: Self.floors, latestRecallLoss: 0.03 * Self.lnK))])
        let grid = draw(TruncationPanel(input), width: 40, height: 9)
        #expect(grid.line(0).contains("run A"))
        #expect(grid.text.contains("reach 6 < d 8: key cut off"))
        #expect(grid.text.contains("recall loss 50% of ln K (partly)"))
        #expect(grid.text.contains("B off: key in reach · recall 3%"))

        var alone = input
        alone.letter = ""
        alone.others = []
        alone.recall = .init()
        let plain = draw(TruncationPanel(alone), width: 40, height: 9)
        #expect(!plain.line(0).contains("run A"))
        #expect(plain.text.contains("reach 6 steps (k1+k2)"))
        #expect(!plain.text.contains("recall loss"))
    }

    @Test func lossPanelFromItsInput() {
        let options = LossChartOptions(recall: true, smoothing: 0)
        let empty = draw(LossPanel(LossPanel.Input(unit: .char, options: options)), width: 60, height: 14)
        #expect(empty.text.contains("waiting for the first update…"), "no floors: the recall view falls back to all")

        let train = (1...40).map { LossPoint(step: $0 * 10, seconds: Double($0), loss: 2 - Double($0) / 40) }
        var input = LossPanel.Input(unit: .char, trainLoss: train, options: options)
        let raw = draw(LossPanel(input), width: 60, height: 14)
        #expect(raw.line(1).contains("train") && !raw.line(1).contains("ema") && !raw.line(1).contains("raw"))
        #expect(!raw.text.contains("waiting") && raw.line(0).contains("bits/char"))

        input.options.smoothing = 0.5
        input.validLoss = [LossPoint(step: 400, seconds: 40, loss: 1.25 * M_LN2)] // 1.25 bits
        let smoothed = draw(LossPanel(input), width: 60, height: 14)
        #expect(smoothed.line(1).contains("train ema 0.5") && smoothed.line(1).contains("raw"))
        #expect(smoothed.line(1).contains("valid 1.25"))
    }
}
