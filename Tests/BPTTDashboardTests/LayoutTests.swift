import Foundation
import Testing
import BPTTTraining
@testable import BPTTDashboard

@Suite struct LayoutTests {
    static let titles = [" Loss ", " Gradient flow ||dE/ds_t|| ", " BPTT timing ", " Truncation ", " Sample "]

    @Test(arguments: [(80, 24), (120, 40), (200, 60), (97, 31)])
    func everyPanelTitleIsOnScreen(width: Int, height: Int) {
        let grid = DashboardRenderer.render(snapshot: Fixtures.training, run: Fixtures.run, view: Fixtures.view, width: width, height: height)
        for title in LayoutTests.titles {
            #expect(grid.text.contains(title), "\(title) at \(width)x\(height)")
        }
        #expect(grid.line(0).contains("? help"))
        #expect(grid.line(0).contains("step 2390"))
        #expect(grid.line(0).contains("k1=8 k2=4"))
    }

    @Test(arguments: [(80, 24), (120, 40), (200, 60)])
    func panelsTileTheScreenWithoutOverlap(width: Int, height: Int) {
        let layout = DashboardLayout(width: width, height: height)
        let rects = [layout.status, layout.loss, layout.gradient, layout.timing, layout.truncation, layout.sample]
        var covered = Array(repeating: 0, count: width * height)
        for rect in rects {
            #expect(rect.x >= 0 && rect.y >= 0 && rect.maxX <= width && rect.maxY <= height)
            for y in rect.y..<rect.maxY { for x in rect.x..<rect.maxX { covered[y * width + x] += 1 } }
        }
        #expect(covered.allSatisfy { $0 == 1 })
    }

    @Test func largerScreensGiveTheChartsMoreRoom() {
        let small = DashboardLayout(width: 80, height: 24), large = DashboardLayout(width: 120, height: 40)
        #expect(large.loss.width > small.loss.width && large.loss.height > small.loss.height)
        #expect(large.gradient.height > small.gradient.height)
        #expect(small.gradient.height >= 11, "bars, heat map, reach, axis and key fit at 80x24")
        #expect(small.truncation.height >= 6, "both sliders and the verdict fit at 80x24")
    }

    @Test(arguments: [(79, 24), (80, 23), (40, 10)])
    func tooSmallShowsTheSizeNeeded(width: Int, height: Int) {
        let grid = DashboardRenderer.render(snapshot: Fixtures.training, run: Fixtures.run, view: Fixtures.view, width: width, height: height)
        let message = "terminal too small: need 80x24, have \(width)x\(height)"
        let joined = (0..<grid.height).map { grid.line($0).trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(joined.contains(message) || joined.replacingOccurrences(of: "  ", with: " ").contains(message))
        #expect(!grid.text.contains(" Loss "))
        // Centred: the first text row is in the middle third.
        let firstRow = (0..<grid.height).first { !grid.line($0).trimmingCharacters(in: .whitespaces).isEmpty }!
        #expect(firstRow >= grid.height / 3 && firstRow <= grid.height / 2)
    }

    /// Below the minimum only the too-small message is drawn, clipped to what fits: no panel, and
    /// every character on screen comes from the message.
    @Test(arguments: [(0, 0), (1, 1), (0, 30), (30, 0), (2, 1), (5, 3)])
    func tinyAndEmptyScreensShowOnlyTheClippedSizeMessage(width: Int, height: Int) {
        let grid = DashboardRenderer.render(snapshot: Fixtures.training, run: Fixtures.run, view: Fixtures.view, width: width, height: height)
        let message = DashboardRenderer.tooSmallMessage(width: width, height: height)
        let shown = grid.cells.filter { $0.scalar != " " }
        #expect(shown.allSatisfy { message.unicodeScalars.contains($0.scalar) && $0.style == .warning })
        if width > 0 && height > 0 {
            #expect(!shown.isEmpty, "a screen with room for a character shows part of the message")
        }
    }

    @Test func manySizesRenderEveryRowAtFullWidth() {
        var view = Fixtures.view
        view.picker = RunPickerState(choices: view.runChoices, selection: 2)
        for (width, height) in [(80, 24), (81, 25), (100, 27), (133, 45), (160, 36), (250, 80)] {
            for v in [Fixtures.view, view] {
                let grid = DashboardRenderer.render(snapshot: Fixtures.training, run: Fixtures.run, view: v, width: width, height: height)
                #expect((0..<height).allSatisfy { grid.line($0).unicodeScalars.count == width })
                #expect(grid.line(height - 1).hasPrefix("└"))
            }
        }
    }

    @Test func largeHistoriesRender() {
        var snapshot = Fixtures.training
        snapshot.trainLoss = Fixtures.lossCurve(points: 5000, stepEvery: 2, seconds: 3600, floor: 1, seed: 3)
        snapshot.gradient.history = (0..<400).map { i in Fixtures.window(length: 100, firstOutput: 50, top: 1, decay: 0.9 + 0.0002 * Double(i)) }
        snapshot.gradient.historySteps = Array(0..<400)
        snapshot.gradient.stepNorms = Fixtures.window(length: 100, firstOutput: 50, top: 1, decay: 0.98)
        let grid = DashboardRenderer.render(snapshot: snapshot, run: Fixtures.run, view: Fixtures.view, width: 200, height: 60)
        #expect(grid.text.contains(" Gradient flow ||dE/ds_t|| "))
        #expect(grid.text.contains("window 100"))
    }
}
