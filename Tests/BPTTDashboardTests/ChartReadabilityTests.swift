import Foundation
import Testing
import BPTTTraining
@testable import BPTTDashboard

/// What issue 8 asked the charts to show a person: a loss scale not set by the first transient, a
/// colour scale that keeps its meaning, markers that do not hide the train curve, merged markers.
@Suite struct ChartReadabilityTests {
    /// The default demo's shape in bits: 3.5 at the start, down to the 0.4 floor within 3% of the
    /// run, then to the 0.2 floor.
    static func demoLoss(points: Int = 400) -> [LossPoint] {
        (0..<points).map { i in
            let bits = i < 12 ? 3.5 - 0.26 * Double(i) : (i < points / 2 ? 0.41 : 0.21)
            return LossPoint(step: i * 50, seconds: Double(i), loss: bits * M_LN2)
        }
    }

    static func demoSnapshot() -> TrainingSnapshot {
        var s = Fixtures.training
        s.trainLoss = demoLoss()
        s.validLoss = stride(from: 20, to: 400, by: 20).map { LossPoint(step: $0 * 50, seconds: Double($0), loss: s.trainLoss[$0].loss) }
        s.lossFloors = LossFloors(withMemory: 0.2 * M_LN2, withoutMemory: 0.4 * M_LN2)
        s.dependencyDistance = 8
        return s
    }

    @Test func robustRangeIgnoresTheTransientButKeepsTheFloors() {
        let points = Self.demoLoss().map { ChartPoint(x: Double($0.step), y: $0.loss / M_LN2) }
        let range = RobustRange.of(points, always: [0.2, 0.4])!
        #expect(range.hi < 0.5, "the first transient does not set the top: \(range.hi)")
        #expect(range.lo <= 0.2 && range.hi >= 0.41)
        // Only when the transient is a large part of the run does it count.
        let early = Array(points.prefix(30))
        #expect(RobustRange.of(early)!.hi > 2)
        #expect(RobustRange.quantile([1, 2, 3, 4, 5], 0.5) == 3)
        #expect(RobustRange.of([], always: []) == nil)
    }

    @Test func atEightyByTwentyFourTheFloorsAreRowsApartAndLabelled() {
        let grid = DashboardRenderer.render(snapshot: Self.demoSnapshot(), view: Fixtures.classicView, width: 80, height: 24)
        let upper = (0..<grid.height).first { grid.line($0).contains("0.40 reach<d") }
        let lower = (0..<grid.height).first { grid.line($0).contains("0.20 reach≥d") }
        #expect(upper != nil && lower != nil, "\n\(grid.text)")
        if let upper, let lower { #expect(lower - upper >= 2, "floors \(upper) and \(lower) nearly share a row\n\(grid.text)") }
    }

    @Test func ticksFallOnEvenlySpacedRows() {
        for rows in [5, 6, 9, 13, 17, 30] {
            let spec = AxisTicks.onEvenRows(AxisTicks.linear(lo: 0.13, hi: 0.46, maxCount: max(2, rows / 2 + 1), loose: true),
                                            rows: rows)
            // The row LineChart draws each tick on.
            let tickRows = spec.ticks.map { tick -> Int in
                let f = spec.fraction(tick.value)!
                return Int(((1 - f) * Double(rows * 4 - 1)).rounded()) / 4
            }
            let gaps = Set(zip(tickRows, tickRows.dropFirst()).map { $1 - $0 })
            #expect(gaps.count == 1, "rows \(rows): ticks on \(tickRows)")
            let gap = (rows - 1) / (spec.ticks.count - 1)
            let spare = (rows - 1) - gap * (spec.ticks.count - 1)
            #expect(tickRows.min() == spare / 2 && tickRows.max()! < rows, "spare rows shared above and below")
            #expect(spec.lo <= 0.13 && spec.hi >= 0.46, "the data stays inside")
        }
    }

    @Test func theTrainCurveStaysOnTopOfThinnedValidationMarkers() {
        var s = Self.demoSnapshot()
        // A validation after every train point, on the train curve itself: more markers than columns.
        s.validLoss = s.trainLoss
        var view = Fixtures.classicView
        view.smoothing = 0
        var grid = CellGrid(width: 60, height: 16)
        LossPanel(snapshot: s, view: view).draw(in: Rect(x: 0, y: 0, width: 60, height: 16), grid: &grid)
        let markers = grid.cells.filter { $0 == Cell("•", style: .validLoss) }.count
        let trainColumns = (0..<grid.width).filter { x in (0..<grid.height).contains { grid[x, $0].style == .trainLoss } }
        #expect(markers > 0 && markers <= 60 / LossPanel.markerSpacing + 1, "\(markers) markers")
        #expect(trainColumns.count >= 50, "the train curve is visible across the plot: \(trainColumns.count) columns")
    }

    @Test func quickControlChangesMergeIntoOneMarker() {
        let events = [
            ControlEvent(step: 1000, seconds: 10, kind: .truncation, text: "k1=4 k2=2"),
            ControlEvent(step: 1003, seconds: 10.1, kind: .truncation, text: "k1=5 k2=2"),
            ControlEvent(step: 1004, seconds: 10.2, kind: .engine, text: "engine naive"),
            ControlEvent(step: 1006, seconds: 10.3, kind: .truncation, text: "k1=6 k2=2"),
            ControlEvent(step: 5000, seconds: 50, kind: .restart, text: "restart"),
        ]
        let markers = ControlMarkers.merged(events, byTime: false, within: 20)
        #expect(markers.map(\.label) == ["k1=6 k2=2 · engine naive", "restart"])
        #expect(markers.map(\.x) == [1006, 5000])
        #expect(ControlMarkers.merged(events, byTime: false, within: 0).count == 5)
    }

    @Test func cutLabelsEndInAnEllipsis() {
        #expect(TextClip.clipped("truncation k1=6", to: 6) == "trunc…")
        #expect(TextClip.clipped("short", to: 6) == "short")
        #expect(TextClip.clipped("abc", to: 0) == "")
        var grid = CellGrid(width: 10, height: 1)
        grid.putClipped("engine optimized", x: 0, y: 0, maxWidth: 8)
        #expect(grid.line(0) == "engine …  ")
    }

    // MARK: gradient colours

    static func gradientSnapshot(history: [[Double]]) -> TrainingSnapshot {
        var s = TrainingSnapshot(truncation: .blocks(k1: 3, k2: 2), dependencyDistance: 5)
        s.gradient = GradientFlow(stepNorms: [1e-3, 1e-2, 1e-1, 1, 3], history: history,
                                  historySteps: Array(0..<history.count), reach: [1, 0.1, 0.01, 0.001, 0.0001],
                                  firstOutputStep: 2, totalNorm: 1.2, spectralRadius: 0.8)
        return s
    }

    /// The cells of the first heat-map row (solid heat styles), left to right.
    static func firstHeatRow(_ grid: CellGrid) -> [Cell] {
        let isHeat = { (c: Cell) in (32..<40).contains(Int(c.style.rawValue)) }
        guard let y = (0..<grid.height).first(where: { y in (0..<grid.width).contains { isHeat(grid[$0, y]) } }) else { return [] }
        return (0..<grid.width).map { grid[$0, y] }.filter(isHeat)
    }

    @Test func anOldRowKeepsItsColoursWhenLaterRowsExplode() {
        let row = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1]
        for scale in [GradientColorScale.fixedDecades, .perRow] {
            func render(_ history: [[Double]]) -> CellGrid {
                var grid = CellGrid(width: 50, height: 16)
                GradientPanel(snapshot: Self.gradientSnapshot(history: history), useColor: true, colorScale: scale)
                    .draw(in: Rect(x: 0, y: 0, width: 50, height: 16), grid: &grid)
                return grid
            }
            let calm = Self.firstHeatRow(render([row, row]))
            let exploded = Self.firstHeatRow(render([row, [1e3, 1e5, 1e7, 1e9, 1e12]]))
            #expect(!calm.isEmpty)
            #expect(calm == exploded, "\(scale): the first row changed colour")
        }
        // Fixed decades: one decade per colour, the same for every value whatever else is shown.
        #expect(HeatScale.fixedDecades.level(3e-6) == 0)
        #expect(HeatScale.fixedDecades.level(3e-3) == 3)
        #expect(HeatScale.fixedDecades.level(5) == 6)
        #expect(HeatScale.fixedDecades.level(1e9) == 7)
        // Per row: decades below the row's own maximum.
        #expect(HeatScale.perRow([1e-9, 1e-6, 0.5e-4])?.level(0.5e-4) == 7)
        #expect(HeatScale.perRow([1e-9, 1e-6, 0.5e-4])?.level(1e-9) == 3, "top decade 1e-4: 1e-9 is 5 decades below")
        #expect(HeatScale.perRow([.nan, 0]) == nil)
    }

    @Test func barsAreInkSoPartialBlocksKeepTheirShape() {
        var grid = CellGrid(width: 50, height: 16)
        GradientPanel(snapshot: Self.gradientSnapshot(history: Array(repeating: [1, 1, 1, 1, 1], count: 6)), useColor: true)
            .draw(in: Rect(x: 0, y: 0, width: 50, height: 16), grid: &grid)
        let ink = grid.cells.filter { (48..<56).contains(Int($0.style.rawValue)) }
        #expect(!ink.isEmpty, "bars use the ink ramp")
        #expect(ink.contains { $0.scalar != "█" && LogBars.eighths.contains($0.scalar) }, "partial blocks are drawn")
        #expect(grid.cells.contains { $0 == Cell("─", style: .border) }, "a rule separates heat map and bars")
        #expect(grid.text.contains("step"), "the heat map's row axis is titled")
        #expect(grid.text.contains("r_k ▁1e-4 █1e0"), "r_k's own scale is labelled")
        #expect(grid.cells.contains { $0.style == .reach }, "r_k has its own colour")
    }

    @Test func theHelpExplainsEveryGlyphOfTheCharts() {
        var view = Fixtures.view
        view.showHelp = true
        view.helpPage = 1
        let grid = DashboardRenderer.render(snapshot: Fixtures.training, run: Fixtures.run, view: view, width: 80, height: 24)
        for glyph in ["╱ × cut", "d", "Σ", "ρ(W)", "clip n", "r_k", "step", "─k1─", "┄k2┄", "┊", "±", "whole update"] {
            #expect(grid.text.contains(glyph), "\(glyph) is not explained")
        }
    }
}

/// The run picker says where the configs came from, and where it looked when it found none.
@Suite struct RunPickerSearchTests {
    @Test func anEmptyPickerListsWhereItLooked() {
        var view = Fixtures.classicView
        view.runSearchPath = ["/env/configs", "/cwd/configs", "/opt/bin/configs"]
        view.picker = RunPickerState(choices: [])
        let grid = DashboardRenderer.render(snapshot: Fixtures.training, view: view, width: 80, height: 24)
        #expect(grid.text.contains("no configs folder found; looked in:"))
        for path in view.runSearchPath { #expect(grid.text.contains(path)) }
        #expect(grid.text.contains("BPTT_LAB_CONFIGS"))
    }

    @Test func aFilledPickerNamesItsFolder() {
        var view = Fixtures.view
        view.runFolder = "/opt/bptt-lab/configs"
        view.picker = RunPickerState(choices: view.runChoices)
        let grid = DashboardRenderer.render(snapshot: Fixtures.training, run: Fixtures.run, view: view, width: 80, height: 24)
        #expect(grid.text.contains("Runs · /opt/bptt-lab/configs"))
    }
}

@Suite struct EvenRowAxisTests {
    /// A loss from 0.9 to 5.2 on 15 rows: ticks every 2 rows would leave rows under the lowest tick;
    /// the chosen axis keeps even rows and gives the data most of the height.
    @Test func theDataGetsMostOfTheHeight() {
        let spec = AxisTicks.linearOnEvenRows(lo: 0.9, hi: 5.2, rows: 15, maxCount: 8)
        #expect(spec.lo <= 0.9 && spec.hi >= 5.2)
        let plain = AxisTicks.onEvenRows(AxisTicks.linear(lo: 0.9, hi: 5.2, maxCount: 8, loose: true), rows: 15)
        #expect(spec.hi - spec.lo <= plain.hi - plain.lo, "never worse than the most ticks")
        #expect((5.2 - 0.9) / (spec.hi - spec.lo) > 0.55, "\(spec.lo)...\(spec.hi)")
        #expect(spec.ticks.count >= 4)
    }
}

@Suite struct ProbeSpreadTests {
    /// ± on the ratio line is the typical spread of the repetitions; one disturbed repetition (a
    /// 30x outlier) does not set it.
    @Test func theSpreadIsTheMedianOfTheRepetitions() {
        var snapshot = Fixtures.training
        var probe = snapshot.probe!
        probe.naiveSlowestMilliseconds = probe.naiveMilliseconds.map { $0 * 1.1 }
        probe.naiveSlowestMilliseconds[2] *= 30
        probe.optimizedSlowestMilliseconds = probe.optimizedMilliseconds.map { $0 * 1.1 }
        snapshot.probe = probe
        let spread = TimingPanel(snapshot: snapshot).probeSpread!
        #expect(abs(spread - 0.1) < 1e-9)
        var grid = CellGrid(width: 72, height: 12)
        TimingPanel(snapshot: snapshot).draw(in: Rect(x: 0, y: 0, width: 72, height: 12), grid: &grid)
        #expect(grid.text.contains("ratio 8.93× at T=200 ±5%"))
    }
}

@Suite struct LogAxisInsideTests {
    @Test func logTicksStayInsideTheRangeAndUseOneTwoFive() {
        let t = AxisTicks.logarithmicInside(lo: 8, hi: 128, maxCount: 6)
        #expect(t.lo == 8 && t.hi == 128, "not widened to 1...1000")
        #expect(t.ticks.map(\.label) == ["10", "20", "50", "100"])
        let ms = AxisTicks.logarithmicInside(lo: 0.004, hi: 12, maxCount: 5)
        #expect(ms.ticks.map(\.label) == ["0.01", "0.1", "1", "10"], "\(ms.ticks.map(\.label))")
        let narrow = AxisTicks.logarithmicInside(lo: 1.2, hi: 3.4, maxCount: 5)
        #expect(narrow.ticks.count >= 2 && narrow.ticks.allSatisfy { $0.value >= 1.2 && $0.value <= 3.4 },
                "within a decade: nice linear values")
    }
}
