import Foundation
import Testing
import BPTTTraining
import BPTTNumerics
@testable import BPTTDashboard

/// Panels drawn alone into a grid, checking what a person is meant to see in them.
@Suite struct PanelTests {
    func draw(_ body: (inout CellGrid, Rect) -> Void, width: Int = 60, height: Int = 14) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        body(&grid, Rect(x: 0, y: 0, width: width, height: height))
        return grid
    }

    func cells(_ grid: CellGrid, where predicate: (Cell) -> Bool) -> [Cell] {
        grid.cells.filter(predicate)
    }

    // MARK: gradient flow

    func shortWindowSnapshot() -> TrainingSnapshot {
        var s = TrainingSnapshot(truncation: .blocks(k1: 3, k2: 2), dependencyDistance: 8)
        s.gradient = GradientFlow(stepNorms: [1e-4, 1e-3, 1e-2, 1e-1, 1], history: [[1e-4, 1e-3, 1e-2, 1e-1, 1]],
                                  historySteps: [7], reach: [1, 0.1, 0.01, 0.001, 0.0001], firstOutputStep: 2,
                                  totalNorm: 1.2, spectralRadius: 0.8)
        return s
    }

    @Test func gradientMarksStepsBeyondTheWindowAndPassThroughSteps() {
        let snapshot = shortWindowSnapshot()
        let panel = GradientPanel(snapshot: snapshot, useColor: true)
        #expect(panel.span == 9, "window 5, dependency 8 -> 9 steps back shown")
        #expect(panel.region(back: 0) == .output)
        #expect(panel.region(back: 2) == .output)
        #expect(panel.region(back: 3) == .passThrough)
        #expect(panel.region(back: 5) == .beyond)
        let grid = draw { panel.draw(in: $1, grid: &$0) }
        #expect(!cells(grid) { $0.scalar == "×" && $0.style == .truncated }.isEmpty, "reach row marks unreached steps")
        #expect(!cells(grid) { $0.scalar == "╱" && $0.style == .truncated }.isEmpty, "heat map hatches unreached steps")
        #expect(!cells(grid) { $0.style == .truncated && LogBars.eighths.contains($0.scalar) }.isEmpty,
                "bars of pass-through steps are drawn as truncated")
        #expect(cells(grid) { $0 == Cell("d", style: .error) }.count == 1, "reach 5 < d 8 is flagged")
        #expect(grid.text.contains("k1"))
        #expect(grid.text.contains("1e-4"))
        #expect(grid.text.contains("1e0"))
    }

    @Test func gradientBarsGrowWithTheNorm() {
        let grid = draw { GradientPanel(snapshot: shortWindowSnapshot(), useColor: true).draw(in: $1, grid: &$0) }
        // The bar of the last step (largest norm) is taller than the one before it.
        let heights = (0..<grid.width).map { x in (0..<grid.height).filter { y in
            let c = grid[x, y]
            return c.scalar == "█" && (Int(c.style.rawValue) >= 32)
        }.count }
        #expect(heights.max()! > 0)
    }

    @Test func heatmapShowsNaNAsAnErrorAndFollowsTheColourMode() {
        var snapshot = shortWindowSnapshot()
        snapshot.gradient.history = [[1e-4, .nan, 1e-2, 1e-1, 1]]
        let colour = draw { GradientPanel(snapshot: snapshot, useColor: true).draw(in: $1, grid: &$0) }
        let mono = draw { GradientPanel(snapshot: snapshot, useColor: false).draw(in: $1, grid: &$0) }
        #expect(!cells(colour) { $0 == Cell("?", style: .error) }.isEmpty)
        #expect(!cells(colour) { $0 == Cell("█", style: .heat(6)) }.isEmpty, "1 is in the 1e0 decade of the fixed scale")
        #expect(!cells(mono) { $0 == Cell("⠶", style: .heat(2)) }.isEmpty, "monochrome uses the glyph ramp")
        #expect(cells(mono) { $0.scalar == "█" && $0.style == .heat(2) }.isEmpty)
    }

    @Test func sentenceModeLabelsTheWholeWindow() {
        var snapshot = shortWindowSnapshot()
        snapshot.truncation = .off
        snapshot.gradient.firstOutputStep = 0
        snapshot.dependencyDistance = 3
        let grid = draw({ GradientPanel(snapshot: snapshot, useColor: true).draw(in: $1, grid: &$0) }, width: 60)
        #expect(grid.text.contains("sentence"))
        #expect(cells(grid) { $0 == Cell("d", style: .good) }.count == 1)
    }

    @Test func gradientWaitsForData() {
        let grid = draw { GradientPanel(snapshot: TrainingSnapshot(), useColor: true).draw(in: $1, grid: &$0) }
        #expect(grid.text.contains("waiting for the first update"))
    }

    // MARK: timing

    @Test func timingShowsTimesRatioAndAgreement() {
        let grid = draw({ TimingPanel(snapshot: Fixtures.training).draw(in: $1, grid: &$0) }, width: 72, height: 12)
        #expect(grid.text.contains("naive O(T²)"))
        #expect(grid.text.contains("9.2 ms"))
        #expect(grid.text.contains("ratio 8.93× at T=200"))
        #expect(grid.text.contains("live optimized 48.2k tok/s"))
        #expect(grid.text.contains("T=12 whole update 0.071 ms"))
        #expect(grid.text.contains("max rel |Δgrad| 3.1e-7 agree"))
        #expect(!cells(grid) { $0.style == .naive && $0.scalar.value >= 0x2800 && $0.scalar.value <= 0x28FF }.isEmpty)
        #expect(!cells(grid) { $0.style == .optimized && $0.scalar.value >= 0x2801 && $0.scalar.value <= 0x28FF }.isEmpty)
        #expect(!cells(grid) { $0 == Cell("┊", style: .key) }.isEmpty, "current window marked")
        #expect(grid.line(0).contains("log-log"))
    }

    @Test func timingFlagsDisagreementAndWaitsForTheProbe() {
        var snapshot = Fixtures.training
        snapshot.probe?.maxRelativeGradientDifference = 0.02
        let bad = draw({ TimingPanel(snapshot: snapshot).draw(in: $1, grid: &$0) }, width: 72, height: 12)
        #expect(bad.text.contains("max rel |Δgrad| 2e-2 differ"))
        #expect(!cells(bad) { $0.style == .error }.isEmpty)
        snapshot.probe = nil
        let waiting = draw({ TimingPanel(snapshot: snapshot).draw(in: $1, grid: &$0) }, width: 72, height: 12)
        #expect(waiting.text.contains("probing…"))
        #expect(!waiting.text.contains("Δgrad"))
    }

    // MARK: truncation

    /// The panel states what is certain (does the recall's error reach the key?) and what was
    /// measured (the recall loss), never a prediction of learning.
    @Test func truncationFacts() {
        var snapshot = Fixtures.training
        let view = DashboardViewState()
        let panel = { TruncationPanel(snapshot: snapshot, view: view) }
        #expect(panel().reachFact(.blocks(k1: 8, k2: 4)) == ("reach 12 < d 16: key cut off", .error))
        #expect(panel().reachFact(.blocks(k1: 16, k2: 4)) == ("reach 20 ≥ d 16: key in reach", .good))
        #expect(panel().reachFact(.off).text == "reach ∞ ≥ d 16: key in reach")
        snapshot.dependencyDistance = nil
        #expect(panel().reachFact(.blocks(k1: 8, k2: 4)).text == "reach 12 steps (k1+k2)")
    }

    /// A k1 between two stops (a config's 30; the ladder has 24 and 32): the knob sits at the nearest
    /// stop, and the number is the run's own, as the status line says.
    @Test func aSliderOffTheLadderPrintsTheRunsValue() {
        var snapshot = Fixtures.training
        snapshot.truncation = .blocks(k1: 30, k2: 3)
        let grid = draw({ TruncationPanel(snapshot: snapshot, view: DashboardViewState()).draw(in: $1, grid: &$0) },
                        width: 40, height: 8)
        let k1 = grid.line(1), k2 = grid.line(2)
        #expect(k1.contains("k1") && k1.hasSuffix("30│") && !k1.contains("32"), "\(k1)")
        #expect(k2.contains("k2") && k2.hasSuffix("3│"), "\(k2)")
        #expect(TruncationPanel.setting(of: .off, on: .k1) == nil)
    }

    @Test func recallReadingIsTheMeasuredShareOfLnK() {
        var snapshot = Fixtures.training
        let view = DashboardViewState()
        let lnK = log(4.0)
        snapshot.lossFloors = LossFloors(withMemory: 0.1, withoutMemory: 0.2, recallWithoutMemory: lnK, others: 0.1)
        snapshot.recallLoss = []
        #expect(TruncationPanel(snapshot: snapshot, view: view).recallReading(width: 40) == nil)
        let cases: [(Double, String, StyleID)] = [
            (0.97 * lnK, "recall loss 97% of ln K (no memory)", .normal),
            (0.45 * lnK, "recall loss 45% of ln K (partly)", .normal),
            (0.04 * lnK, "recall loss 4% of ln K (key learned)", .good),
        ]
        for (loss, text, style) in cases {
            snapshot.recallLoss = [LossPoint(step: 1000, seconds: 1, loss: loss)]
            #expect(TruncationPanel(snapshot: snapshot, view: view).recallReading(width: 40)! == (text, style))
        }
        // Narrow: the number stays, the word goes.
        #expect(TruncationPanel(snapshot: snapshot, view: view).recallReading(width: 30)!.text == "recall loss 4% of ln K")
        let grid = draw({ TruncationPanel(snapshot: snapshot, view: view).draw(in: $1, grid: &$0) }, width: 32, height: 8)
        #expect(grid.text.contains("recall loss 4% of ln K"))
        #expect(grid.text.contains("reach 12 < d 16: key cut off"))
    }

    @Test func truncationPanelInSentenceMode() {
        var snapshot = Fixtures.training
        snapshot.truncation = .off
        let grid = draw({ TruncationPanel(snapshot: snapshot, view: DashboardViewState()).draw(in: $1, grid: &$0) },
                        width: 36, height: 8)
        #expect(grid.line(1).hasSuffix("off│"))
        #expect(grid.line(2).hasSuffix("—│"), "k2 is disabled")
        #expect(grid.text.contains("sentence mode"))
    }

    @Test func pendingTruncationIsShownUntilTheSessionPublishesIt() {
        let run = RunViewState(pendingTruncation: PendingTruncation(from: .blocks(k1: 8, k2: 4), to: .blocks(k1: 10, k2: 4)))
        let grid = draw({ TruncationPanel(snapshot: Fixtures.training, run: run, view: DashboardViewState()).draw(in: $1, grid: &$0) },
                        width: 36, height: 8)
        #expect(grid.line(1).hasSuffix("10…│"))
    }

    // MARK: loss

    @Test func lossChartHasAxesSeriesMarkersAndReferenceLabels() {
        let grid = draw({ LossPanel(snapshot: Fixtures.training, run: Fixtures.run, view: Fixtures.view).draw(in: $1, grid: &$0) },
                        width: 80, height: 20)
        #expect(grid.line(0).contains("bits/char"))
        #expect(grid.text.contains("k1=8 k2=4"), "marker label")
        #expect(!cells(grid) { $0 == Cell("┊", style: .marker) }.isEmpty)
        #expect(!cells(grid) { $0 == Cell("•", style: .validLoss) }.isEmpty)
        #expect(!cells(grid) { $0.style == .trainLoss }.isEmpty)
        #expect(!cells(grid) { $0.style == .trainLossRaw }.isEmpty)
        #expect(!cells(grid) { $0.style == .reference }.isEmpty)
        #expect(grid.text.contains("full BPTT"), "reference run labelled")
        #expect(grid.text.contains("┤") && grid.text.contains("┬"))
    }

    @Test func wordModelsShowPerplexityAndLogScaleIsAnnounced() {
        var snapshot = Fixtures.training
        snapshot.unit = .word
        var view = Fixtures.view
        view.logScale = true
        view.smoothing = 0
        let grid = draw({ LossPanel(snapshot: snapshot, run: Fixtures.run, view: view).draw(in: $1, grid: &$0) }, width: 80, height: 20)
        #expect(grid.line(0).contains("perplexity · log"))
        #expect(cells(grid) { $0.style == .trainLossRaw }.isEmpty, "no raw series without smoothing")
        #expect(!grid.text.contains("ema"))
    }

    @Test func lossUnits() {
        #expect(abs(LossUnit(unit: .char).display(0.6931471805599453) - 1) < 1e-12)
        #expect(abs(LossUnit(unit: .word).display(0) - 1) < 1e-12)
        #expect(LossUnit(unit: .word).display(10_000).isFinite)
    }

    // MARK: sample and status

    @Test func sampleWrapsKeepsLineBreaksAndClips() {
        var snapshot = TrainingSnapshot()
        snapshot.sample = "first line\nsecond line is longer than the panel is wide\nthird\nfourth"
        let grid = draw({ SamplePanel(snapshot: snapshot).draw(in: $1, grid: &$0) }, width: 24, height: 5)
        #expect(grid.line(1) == "│first line            │")
        #expect(grid.line(2) == "│second line is longer │")
        #expect(grid.line(3) == "│than the panel is wid…│")
    }

    @Test func sampleSkipsLeadingLineBreaks() {
        var snapshot = TrainingSnapshot()
        snapshot.sample = "\n\nCbabadabaC\nDbaD"
        let grid = draw({ SamplePanel(snapshot: snapshot).draw(in: $1, grid: &$0) }, width: 16, height: 4)
        #expect(grid.line(1) == "│CbabadabaC    │")
        #expect(grid.line(2) == "│DbaD          │")
    }

    @Test func statusLineShowsStateAndValidation() {
        var snapshot = Fixtures.training
        snapshot.state = .paused(reason: nil)
        let bar = StatusLine.bar(snapshot: snapshot, view: DashboardViewState())
        var grid = CellGrid(width: 200, height: 1)
        bar.draw(in: Rect(x: 0, y: 0, width: 200, height: 1), grid: &grid)
        let line = grid.line(0)
        for part in ["builtin-default", "H=64 V=12 B=16 char", "optimized", "paused", "step 2390", "ep 3", "k1=8 k2=4",
                     "48.2k tok/s", "lr 0.05", "valid ppl 3.04 · 1.61 bpc", "0:12:34", "? help"] {
            #expect(line.contains(part), "\(part)")
        }
        #expect(StatusLine.stateStyle(.failed(message: "x")) == .error)
        #expect(StatusLine.truncationText(.off) == "k1=off")
    }

    @Test func aNoticeTakesPrecedence() {
        var view = DashboardViewState()
        view.notice = "press ? for the list of keys"
        var grid = CellGrid(width: 80, height: 1)
        StatusLine.bar(snapshot: Fixtures.training, view: view).draw(in: Rect(x: 0, y: 0, width: 80, height: 1), grid: &grid)
        #expect(grid.line(0).contains("press ? for the list of keys"))
        #expect(grid.line(0).contains("training"))
    }
}
