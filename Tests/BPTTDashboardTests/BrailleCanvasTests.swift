import Testing
@testable import BPTTDashboard

@Suite struct BrailleCanvasTests {
    @Test func emptyCellIsTheBlankBrailleScalar() {
        #expect(BrailleCanvas.glyph(0) == "\u{2800}")
        #expect(BrailleCanvas.glyph(0xFF) == "⣿")
    }

    @Test func eachDotSetsItsUnicodeBit() {
        // Dots 1-8 of a braille cell, as (column, row) -> bit.
        let expected: [((Int, Int), UInt32)] = [((0, 0), 0x01), ((0, 1), 0x02), ((0, 2), 0x04), ((1, 0), 0x08),
                                                ((1, 1), 0x10), ((1, 2), 0x20), ((0, 3), 0x40), ((1, 3), 0x80)]
        for ((x, y), bit) in expected {
            var canvas = BrailleCanvas(width: 1, height: 1)
            canvas.set(x: x, y: y, style: .trainLoss)
            var grid = CellGrid(width: 1, height: 1)
            canvas.draw(in: Rect(x: 0, y: 0, width: canvas.width, height: canvas.height), grid: &grid)
            #expect(grid[0, 0].scalar.value == 0x2800 + bit, "dot (\(x), \(y))")
            #expect(grid[0, 0].style == .trainLoss)
        }
    }

    @Test func knownPatterns() {
        var canvas = BrailleCanvas(width: 3, height: 2)
        canvas.line(from: (0, 0), to: (3, 0), style: .normal)      // top row across two cells: ⠉⠉
        canvas.line(from: (4, 4), to: (4, 7), style: .normal)      // left column of cell (2, 1): ⡇
        var grid = CellGrid(width: 3, height: 2)
        canvas.draw(in: Rect(x: 0, y: 0, width: canvas.width, height: canvas.height), grid: &grid)
        #expect(grid.line(0) == "⠉⠉ ")
        #expect(grid.line(1) == "  ⡇")
    }

    @Test func diagonalLineTouchesEveryRow() {
        var canvas = BrailleCanvas(width: 2, height: 1)
        canvas.line(from: (0, 3), to: (3, 0), style: .normal)
        var grid = CellGrid(width: 2, height: 1)
        canvas.draw(in: Rect(x: 0, y: 0, width: canvas.width, height: canvas.height), grid: &grid)
        // (0,3) (1,2) in the first cell: dots 7 and 6; (2,1) (3,0) in the second: dots 2 and 4.
        #expect(grid.line(0) == "\u{2860}\u{280A}")
    }

    @Test func dotsOutsideAreIgnoredAndTheLastStyleWins() {
        var canvas = BrailleCanvas(width: 1, height: 1)
        canvas.set(x: -1, y: 0, style: .error)
        canvas.set(x: 2, y: 0, style: .error)
        canvas.set(x: 0, y: 4, style: .error)
        #expect(canvas.isEmpty(column: 0, row: 0))
        canvas.set(x: 0, y: 0, style: .trainLossRaw)
        canvas.set(x: 1, y: 1, style: .trainLoss)
        var grid = CellGrid(width: 1, height: 1)
        grid[0, 0] = Cell("x", style: .axis)
        canvas.draw(in: Rect(x: 0, y: 0, width: canvas.width, height: canvas.height), grid: &grid)
        #expect(grid[0, 0] == Cell("\u{2811}", style: .trainLoss))
    }

    @Test func emptyCellsKeepWhatTheGridHad() {
        let canvas = BrailleCanvas(width: 2, height: 1)
        var grid = CellGrid(width: 2, height: 1)
        grid.put("┊x", x: 0, y: 0, style: .marker)
        canvas.draw(in: Rect(x: 0, y: 0, width: canvas.width, height: canvas.height), grid: &grid)
        #expect(grid.line(0) == "┊x")
    }
}
