import Testing
import BPTTTraining
import BPTTNumerics
@testable import BPTTDashboard

/// Keys with two runs: `b` opens the menu of B's one change and, with B running, stops B; `f`
/// switches focus; the run keys act on the focused run and name it; each run keeps its own pending
/// truncation.
@Suite struct CompareKeysTests {
    @Test func bOpensTheMenuAndEnterStartsBWithTheChosenChange() {
        var view = DashboardViewState()
        var runs = [DashboardRun(snapshot: CompareFixtures.a, optimizer: .sgd)]
        #expect(DashboardKeys.handle(.character("b"), view: &view, runs: &runs) == [])
        let menu = try! #require(view.compareMenu)
        #expect(menu.choices.first == .truncation(.off))
        #expect(menu.choices.contains(.truncation(.blocks(k1: 18, k2: 2))), "the shortest block that reaches d")
        #expect(menu.choices.contains(.engine(.naive)) && menu.choices.contains(.optimizer(.adam)))
        #expect(!menu.choices.contains(.optimizer(.sgd)) && !menu.choices.contains(.truncation(.blocks(k1: 3, k2: 2))))
        #expect(DashboardKeys.handle(.enter, view: &view, runs: &runs) == [.compare(.truncation(.off))])
        #expect(view.compareMenu == nil)
        _ = DashboardKeys.handle(.character("b"), view: &view, runs: &runs)
        _ = DashboardKeys.handle(.down, view: &view, runs: &runs)
        #expect(DashboardKeys.handle(.escape, view: &view, runs: &runs) == [])
        #expect(view.compareMenu == nil)
    }

    @Test func withBRunningBStopsItAndFSwitchesFocus() {
        var view = DashboardViewState()
        var runs = CompareFixtures.runs
        #expect(DashboardKeys.handle(.character("f"), view: &view, runs: &runs) == [])
        #expect(view.focusedRun == 1)
        #expect(DashboardKeys.handle(.character(" "), view: &view, runs: &runs) == [.command(.pause, run: 1)])
        #expect(DashboardKeys.handle(.character("e"), view: &view, runs: &runs) == [.command(.setEngine(.naive), run: 1)])
        _ = DashboardKeys.handle(.character("f"), view: &view, runs: &runs)
        #expect(DashboardKeys.handle(.character("r"), view: &view, runs: &runs) == [.command(.restart, run: 0)])
        _ = DashboardKeys.handle(.character("f"), view: &view, runs: &runs)
        #expect(DashboardKeys.handle(.character("b"), view: &view, runs: &runs) == [.stopRun(1)])
        #expect(view.focusedRun == 0 && view.compareMenu == nil)
    }

    @Test func fAloneExplainsItself() {
        var view = DashboardViewState()
        var runs = [DashboardRun(snapshot: CompareFixtures.a)]
        #expect(DashboardKeys.handle(.character("f"), view: &view, runs: &runs) == [])
        #expect(view.focusedRun == 0 && view.notice?.contains("press b") == true)
    }

    @Test func eachRunKeepsItsOwnPendingTruncation() {
        var view = DashboardViewState()
        var runs = CompareFixtures.runs
        // A is at k1=3: → asks for 4, pending on A only.
        #expect(DashboardKeys.handle(.right, view: &view, runs: &runs) == [.command(.setTruncation(.blocks(k1: 4, k2: 2)), run: 0)])
        #expect(runs[0].state.pendingTruncation != nil && runs[1].state.pendingTruncation == nil)
        // B is off: ← goes back to its own default blocks, not from A's request.
        _ = DashboardKeys.handle(.character("f"), view: &view, runs: &runs)
        #expect(DashboardKeys.handle(.left, view: &view, runs: &runs) == [.command(.setTruncation(TruncationSlider.defaultBlocks), run: 1)])
        _ = DashboardKeys.handle(.character("f"), view: &view, runs: &runs)
        #expect(DashboardKeys.handle(.right, view: &view, runs: &runs) == [.command(.setTruncation(.blocks(k1: 5, k2: 2)), run: 0)])
    }

    @Test func changesParseAndNameBothRuns() {
        let current = Truncation.blocks(k1: 3, k2: 2)
        #expect(CompareChange.parse("off", current: current) == .truncation(.off))
        #expect(CompareChange.parse("k1=20", current: current) == .truncation(.blocks(k1: 20, k2: 2)))
        #expect(CompareChange.parse("k2=8", current: current) == .truncation(.blocks(k1: 3, k2: 8)))
        #expect(CompareChange.parse("k1=20,k2=0", current: current) == .truncation(.blocks(k1: 20, k2: 0)))
        #expect(CompareChange.parse("naive", current: current) == .engine(.naive))
        #expect(CompareChange.parse("ADAM", current: current) == .optimizer(.adam))
        for bad in ["", "on", "k1=", "k3=4", "k1=x"] {
            #expect(CompareChange.parse(bad, current: current) == nil, "\(bad)")
        }
        #expect(CompareChange.parse("k2=3", current: .off) == nil, "from off a k1 is needed")
        let a = DashboardRun(snapshot: CompareFixtures.a, optimizer: .sgd)
        #expect(CompareChange.truncation(.off).names(a: a) == ("k1=3", "off"))
        #expect(CompareChange.truncation(.blocks(k1: 20, k2: 2)).names(a: a) == ("k1=3", "k1=20"))
        #expect(CompareChange.truncation(.blocks(k1: 3, k2: 10)).names(a: a) == ("k2=2", "k2=10"))
        #expect(CompareChange.optimizer(.adam).names(a: a) == ("sgd", "adam"))
    }
}
