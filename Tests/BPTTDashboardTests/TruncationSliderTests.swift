import Testing
import BPTTTraining
@testable import BPTTDashboard

@Suite struct TruncationSliderTests {
    @Test func laddersAreTheSpecifiedStops() {
        #expect(TruncationSlider.k1Ladder == [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 40, 50, 64, 80, 100,
                                              128, 160, 200, 256, 320, 400, 500, 640, 800, 1000])
        #expect(TruncationSlider.k2Ladder == [0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 40, 50, 64, 80, 100,
                                              128, 160, 200, 256, 320, 400, 500, 640, 800, 1000])
        // Issue 11: the sliders reach the config's limits, no further.
        #expect(TruncationSlider.k1Ladder.first == Truncation.k1Range.lowerBound)
        #expect(TruncationSlider.k1Ladder.last == Truncation.k1Range.upperBound)
        #expect(TruncationSlider.k2Ladder.first == Truncation.k2Range.lowerBound)
        #expect(TruncationSlider.k2Ladder.last == Truncation.k2Range.upperBound)
        #expect(TruncationSlider.positions(.k1, sentenceModeAvailable: true).last == .off)
        #expect(TruncationSlider.positions(.k1, sentenceModeAvailable: false).last == .value(1000))
        #expect(!TruncationSlider.positions(.k2, sentenceModeAvailable: true).contains(.off))
    }

    @Test func knobSitsOnTheNearestStop() {
        #expect(TruncationSlider.nearestIndex(of: 10, in: TruncationSlider.k1Ladder) == 7)
        #expect(TruncationSlider.nearestIndex(of: 7, in: TruncationSlider.k1Ladder) == 5, "tie: the lower stop")
        #expect(TruncationSlider.nearestIndex(of: 90, in: TruncationSlider.k1Ladder) == 16)
        #expect(TruncationSlider.nearestIndex(of: 450, in: TruncationSlider.k1Ladder) == 23, "tie: the lower stop")
        #expect(TruncationSlider.nearestIndex(of: 5000, in: TruncationSlider.k1Ladder) == 27)
        #expect(TruncationSlider.index(of: .blocks(k1: 12, k2: 3), on: .k2, sentenceModeAvailable: true) == 3)
        #expect(TruncationSlider.index(of: .off, on: .k1, sentenceModeAvailable: true) == 28)
        #expect(TruncationSlider.index(of: .off, on: .k2, sentenceModeAvailable: true) == nil)
    }

    @Test func arrowsStepAlongTheLadder() {
        func move(_ t: Truncation, _ slider: SliderFocus, _ delta: Int, sentences: Bool = true,
                  remembered: Truncation? = nil) -> Truncation {
            TruncationSlider.moved(t, slider: slider, by: delta, sentenceModeAvailable: sentences, remembered: remembered)
        }
        #expect(move(.blocks(k1: 8, k2: 4), .k1, 1) == .blocks(k1: 10, k2: 4))
        #expect(move(.blocks(k1: 8, k2: 4), .k1, -1) == .blocks(k1: 6, k2: 4))
        #expect(move(.blocks(k1: 8, k2: 4), .k2, 1) == .blocks(k1: 8, k2: 5))
        #expect(move(.blocks(k1: 8, k2: 0), .k2, -1) == .blocks(k1: 8, k2: 0), "k2 stops at 0")
        #expect(move(.blocks(k1: 1, k2: 4), .k1, -1) == .blocks(k1: 1, k2: 4), "k1 stops at 1")
        #expect(move(.blocks(k1: 8, k2: 4), .k1, 3) == .blocks(k1: 16, k2: 4))
    }

    @Test func offLadderValuesMoveToTheNextStopBeyond() {
        let t = Truncation.blocks(k1: 9, k2: 7)
        #expect(TruncationSlider.moved(t, slider: .k1, by: 1, sentenceModeAvailable: true, remembered: nil) == .blocks(k1: 10, k2: 7))
        #expect(TruncationSlider.moved(t, slider: .k1, by: -1, sentenceModeAvailable: true, remembered: nil) == .blocks(k1: 8, k2: 7))
        #expect(TruncationSlider.moved(t, slider: .k2, by: 1, sentenceModeAvailable: true, remembered: nil) == .blocks(k1: 9, k2: 8))
        #expect(TruncationSlider.moved(.blocks(k1: 150, k2: 0), slider: .k1, by: -1, sentenceModeAvailable: true,
                                       remembered: nil) == .blocks(k1: 128, k2: 0))
    }

    @Test func offComesAfterTheLastStopOnlyWithSentences() {
        let top = Truncation.blocks(k1: 1000, k2: 6)
        #expect(TruncationSlider.moved(top, slider: .k1, by: 1, sentenceModeAvailable: true, remembered: nil) == .off)
        #expect(TruncationSlider.moved(top, slider: .k1, by: 1, sentenceModeAvailable: false, remembered: nil) == top)
        #expect(TruncationSlider.moved(.off, slider: .k1, by: 1, sentenceModeAvailable: true, remembered: nil) == .off)
    }

    @Test func movingBackFromOffRestoresTheLastBlocksOrDefaults() {
        let remembered = Truncation.blocks(k1: 24, k2: 6)
        #expect(TruncationSlider.moved(.off, slider: .k1, by: -1, sentenceModeAvailable: true, remembered: remembered)
                == .blocks(k1: 24, k2: 6))
        #expect(TruncationSlider.moved(.off, slider: .k1, by: -1, sentenceModeAvailable: true, remembered: nil)
                == TruncationSlider.defaultBlocks)
        #expect(TruncationSlider.moved(.off, slider: .k2, by: 1, sentenceModeAvailable: true, remembered: remembered) == .off,
                "k2 does nothing in sentence mode")
    }

    @Test func sliderWidgetDrawsKnobFocusAndValue() {
        var grid = CellGrid(width: 20, height: 2)
        let positions = TruncationSlider.positions(.k1, sentenceModeAvailable: true)
        SliderWidget(label: "k1", positions: positions, index: 0, focused: true)
            .draw(in: Rect(x: 0, y: 0, width: 20, height: 1), grid: &grid)
        SliderWidget(label: "k2", positions: positions, index: positions.count - 1, focused: false)
            .draw(in: Rect(x: 0, y: 1, width: 20, height: 1), grid: &grid)
        #expect(grid.line(0) == "▶ k1 ●─────────    1")
        #expect(grid.line(1) == "  k2 ━━━━━━━━━●  off")
        #expect(grid[2, 0].style == .focused)
        #expect(grid[5, 0].style == .focused)
        #expect(SliderWidget.knobColumn(index: 9, count: 19, width: 11) == 5)
    }

    @Test func disabledSliderShowsADash() {
        var grid = CellGrid(width: 16, height: 1)
        SliderWidget(label: "k2", positions: [.value(0), .value(1)], index: nil, focused: false, pending: false)
            .draw(in: Rect(x: 0, y: 0, width: 16, height: 1), grid: &grid)
        #expect(grid.line(0) == "  k2 ──────    —")
        #expect(grid[8, 0].style == .dim)
    }
}
