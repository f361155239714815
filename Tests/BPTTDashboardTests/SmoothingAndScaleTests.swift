import Foundation
import Testing
@testable import BPTTDashboard

@Suite struct ExponentialMovingAverageTests {
    @Test func weightZeroKeepsTheSeries() {
        #expect(ExponentialMovingAverage.smooth([3, 1, 4, 1, 5], weight: 0) == [3, 1, 4, 1, 5])
    }

    @Test func biasCorrectionKeepsAConstantSeriesConstant() {
        let smoothed = ExponentialMovingAverage.smooth(Array(repeating: 2.5, count: 50), weight: 0.99)
        #expect(smoothed.allSatisfy { abs($0 - 2.5) < 1e-12 })
    }

    @Test func knownValues() {
        // running: 0.5, 0.25; corrections 1 - 0.5, 1 - 0.25.
        let smoothed = ExponentialMovingAverage.smooth([1, 0], weight: 0.5)
        #expect(smoothed[0] == 1)
        #expect(abs(smoothed[1] - 1.0 / 3.0) < 1e-12)
    }

    @Test func nonFiniteValuesAreSkipped() {
        let leading = ExponentialMovingAverage.smooth([.nan, 2], weight: 0.9)
        #expect(leading[0].isNaN)
        #expect(leading[1] == 2)
        #expect(ExponentialMovingAverage.smooth([2, .infinity, 2], weight: 0.5).map { ($0 * 1e9).rounded() } == [2e9, 2e9, 2e9])
    }

    @Test func weightIsClamped() {
        let smoothed = ExponentialMovingAverage.smooth([1, 100], weight: 5)
        // Clamped to 0.999, bias-corrected: (0.999 * 0.001 + 0.001 * 100) / (1 - 0.999²) ≈ 50.52.
        #expect(abs(smoothed[1] - 50.52) < 0.01)
        #expect(ExponentialMovingAverage.smooth([1, 100], weight: -1) == [1, 100])
    }

    @Test func smoothingLadderSteps() {
        #expect(SmoothingLadder.step(0.9, up: true) == 0.95)
        #expect(SmoothingLadder.step(0.9, up: false) == 0.8)
        #expect(SmoothingLadder.step(0, up: false) == 0)
        #expect(SmoothingLadder.step(0.999, up: true) == 0.999)
        #expect(SmoothingLadder.step(0.85, up: true) == 0.9, "off-ladder values move to the next stop")
        #expect(SmoothingLadder.weights.allSatisfy { $0 >= 0 && $0 <= 0.999 })
    }
}

@Suite struct HeatScaleTests {
    @Test func fitsWholeDecadesAroundTheValues() {
        let scale = HeatScale.fitting([3e-4, 0.02, 0.7])
        #expect(scale == HeatScale(lowDecade: -4, highDecade: 0))
    }

    @Test func levelsFollowTheLogNorm() {
        let scale = HeatScale(lowDecade: -4, highDecade: 0)
        #expect(scale.level(1e-4) == 0)
        #expect(scale.level(1e-2) == 4)
        #expect(scale.level(0.999) == 7)
        #expect(scale.level(1) == 7)
        #expect(scale.level(1e-9) == 0, "below the scale clamps to the bottom")
        #expect(scale.level(1e3) == 7, "above the scale clamps to the top")
    }

    @Test func zeroNaNAndInfinityAreHandled() {
        let scale = HeatScale(lowDecade: -4, highDecade: 0)
        #expect(scale.level(0) == 0)
        #expect(scale.level(.infinity) == 7)
        #expect(scale.level(.nan) == nil)
        #expect(scale.level(-1) == nil)
        #expect(scale.cell(.nan, useColor: true) == Cell("?", style: .error))
        #expect(scale.cell(.infinity, useColor: false) == Cell("!", style: .error))
    }

    @Test func colourUsesBlocksAndMonochromeUsesADistinctGlyphPerLevel() {
        let scale = HeatScale(lowDecade: -8, highDecade: 0)
        for level in 0..<8 {
            let value = pow(10, Double(level - 8) + 0.5)
            #expect(scale.cell(value, useColor: true) == Cell("█", style: .heat(level)))
            #expect(scale.cell(value, useColor: false) == Cell(HeatScale.monochromeGlyphs[level], style: .heat(level)))
        }
        #expect(Set(HeatScale.monochromeGlyphs).count == StyleID.heatLevels)
    }

    @Test func degenerateInputs() {
        #expect(HeatScale.fitting([]) == HeatScale(lowDecade: -3, highDecade: 0))
        #expect(HeatScale.fitting([.nan, 0, -2]) == HeatScale(lowDecade: -3, highDecade: 0))
        let single = HeatScale.fitting([0.05])
        #expect(single.highDecade - single.lowDecade >= 1)
        let wide = HeatScale.fitting([1e-30, 10], maxDecades: 8)
        #expect(wide == HeatScale(lowDecade: -7, highDecade: 1))
    }
}
