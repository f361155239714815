import Testing
@testable import BPTTDashboard

@Suite struct LogBarsTests {
    @Test func heightsInEighths() {
        #expect(LogBars.eighthsTall(0.5, rows: 2) == 8)
        #expect(LogBars.eighthsTall(0.3, rows: 1) == 2)
        #expect(LogBars.eighthsTall(0, rows: 3) == 1, "a present value never vanishes")
        #expect(LogBars.eighthsTall(7, rows: 2) == 16, "clamped")
        #expect(LogBars.eighthsTall(.nan, rows: 2) == 1)
    }

    @Test func barsStackFullBlocksUnderAPartialTop() {
        var grid = CellGrid(width: 4, height: 2)
        LogBars(values: [.bar(fraction: 1, style: .heat(7)), .bar(fraction: 0.75, style: .heat(5)),
                         .bar(fraction: 0.1, style: .truncated), .invalid])
            .draw(in: Rect(x: 0, y: 0, width: 4, height: 2), grid: &grid)
        #expect(grid.line(0) == "█▄ !")
        #expect(grid.line(1) == "██▂ ")
        #expect(grid[1, 0].style == .heat(5))
        #expect(grid[2, 1].style == .truncated)
        #expect(grid[3, 0].style == .error)
    }

    @Test func barsOutsideTheirAreaAreClipped() {
        var grid = CellGrid(width: 3, height: 1)
        LogBars(values: [.bar(fraction: 1, style: .normal), .bar(fraction: 1, style: .normal), .empty])
            .draw(in: Rect(x: 1, y: 0, width: 1, height: 1), grid: &grid)
        #expect(grid.line(0) == " █ ")
    }
}

@Suite struct TextWrapTests {
    @Test func wrapsAtWordsAndKeepsNewlines() {
        #expect(TextWrap.wrap("the cat sat on the mat", width: 10) == ["the cat", "sat on the", "mat"])
        #expect(TextWrap.wrap("one\ntwo three", width: 20) == ["one", "two three"])
        #expect(TextWrap.wrap("a\n\nb", width: 5) == ["a", "", "b"])
    }

    @Test func longWordsAreSplitAndSpacesCollapse() {
        #expect(TextWrap.wrap("abcdefghij k", width: 4) == ["abcd", "efgh", "ij k"])
        #expect(TextWrap.wrap("a    b\tc", width: 10) == ["a b c"])
    }

    @Test func edgeCases() {
        #expect(TextWrap.wrap("", width: 5) == [""])
        #expect(TextWrap.wrap("anything", width: 0) == [])
        #expect(TextWrap.wrap("x\r\ny", width: 3) == ["x", "y"])
    }
}

@Suite struct PanelBoxTests {
    @Test func boxWithTitleInfoAndHints() {
        var grid = CellGrid(width: 30, height: 4)
        let content = PanelBox(title: "Loss", info: "bpc", hints: [KeyBinding("l", "log")])
            .frame(Rect(x: 0, y: 0, width: 30, height: 4), grid: &grid)
        #expect(content == Rect(x: 1, y: 1, width: 28, height: 2))
        #expect(grid.line(0) == "┌─ Loss ─────────────── bpc ─┐")
        #expect(grid.line(1) == "│                            │")
        #expect(grid.line(3) == "└─ l log ────────────────────┘")
        #expect(grid[3, 0].style == .title)
        #expect(grid[3, 3].style == .key)
        #expect(grid[0, 0].style == .border)
    }

    @Test func whatDoesNotFitIsLeftOut() {
        var grid = CellGrid(width: 12, height: 3)
        PanelBox(title: "Gradient flow", info: "window 12", hints: [KeyBinding("← →", "move the slider")])
            .draw(in: Rect(x: 0, y: 0, width: 12, height: 3), grid: &grid)
        #expect(grid.line(0) == "┌─ Gradi… ─┐")
        #expect(grid.line(2) == "└──────────┘")
        let tiny = PanelBox(title: "x").frame(Rect(x: 0, y: 0, width: 1, height: 1), grid: &grid)
        #expect(tiny.isEmpty)
    }
}

@Suite struct StatusBarTests {
    @Test func lowPrioritiesGoFirstAndOrderIsKept() {
        let segments = [StatusSegment(text: "name", priority: 9), StatusSegment(text: "a long model summary", priority: 1),
                        StatusSegment(text: "training", priority: 10), StatusSegment(text: "lr 0.1", priority: 3)]
        #expect(StatusBar.fitting(segments, width: 100).map(\.text) == ["name", "a long model summary", "training", "lr 0.1"])
        #expect(StatusBar.fitting(segments, width: 22).map(\.text) == ["name", "training", "lr 0.1"])
        #expect(StatusBar.fitting(segments, width: 8).map(\.text) == ["training"])
        #expect(StatusBar.fitting(segments, width: 0).isEmpty)
    }

    @Test func compactFormsAreUsedWhenTheFullTextDoesNotFit() {
        let segments = [StatusSegment(text: "training", priority: 10),
                        StatusSegment(text: "valid ppl 3.04 · 1.61 bpc", priority: 5, compact: "ppl 3.04")]
        #expect(StatusBar.fitting(segments, width: 40).map(\.text) == ["training", "valid ppl 3.04 · 1.61 bpc"])
        #expect(StatusBar.fitting(segments, width: 20).map(\.text) == ["training", "ppl 3.04"])
        #expect(StatusLine.clipped("a-very-long-run-name", to: 8) == "a-very-…")
        #expect(StatusLine.clipped("short", to: 8) == "short")
    }

    @Test func drawsAFullWidthBarWithTheTrailingHint() {
        var grid = CellGrid(width: 24, height: 1)
        StatusBar(segments: [StatusSegment(text: "run", priority: 1)],
                  trailing: [StatusSegment(text: "?", style: .key, priority: 1), StatusSegment(text: " help", priority: 1)])
            .draw(in: Rect(x: 0, y: 0, width: 24, height: 1), grid: &grid)
        #expect(grid.line(0) == " run             ? help ")
        #expect(grid[17, 0].style == .key)
        #expect(grid[10, 0].style == .statusBar)
    }
}

@Suite struct CenteredTests {
    @Test func centresAndClips() {
        var grid = CellGrid(width: 9, height: 3)
        Centered("abc").draw(in: Rect(x: 0, y: 0, width: 9, height: 3), grid: &grid)
        #expect(grid.line(1) == "   abc   ")
        var small = CellGrid(width: 2, height: 1)
        Centered("too long").draw(in: Rect(x: 0, y: 0, width: 2, height: 1), grid: &small)
        #expect(small.line(0) == "to")
    }
}
