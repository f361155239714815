import Testing
import BPTTTraining
import BPTTNumerics
@testable import BPTTDashboard

/// The dashboard for gated cells: LSTM's gradient flow on h_t and on c_t (`d`), the gates' mean
/// activity in the key row where Elman has ρ(W), the cell in the status line, the timing panel and
/// the run picker, and `c` asking for the next cell.
@Suite struct GatedDashboardTests {
    /// The training fixture as an LSTM run: the cell-state errors decay more slowly than the hidden
    /// ones (the constant-error path), the forget gate is mostly open, there is no ρ(W).
    static let lstm: TrainingSnapshot = {
        var s = Fixtures.training
        s.cell = .lstm
        s.modelSummary = "lstm " + s.modelSummary
        var g = s.gradient
        g.spectralRadius = 0
        g.cellHistory = g.history.map { row in
            Fixtures.window(length: row.count, firstOutput: row.count == 20 ? 10 : 4, top: 2.4, decay: 0.93)
        }
        g.cellStepNorms = Fixtures.window(length: 12, firstOutput: 4, top: 2.1, decay: 0.93)
        g.gateMeans = [GateMean(gate: "f", mean: 0.934), GateMean(gate: "i", mean: 0.412), GateMean(gate: "o", mean: 0.551)]
        s.gradient = g
        return s
    }()

    static let gru: TrainingSnapshot = {
        var s = Fixtures.training
        s.cell = .gru
        s.modelSummary = "gru " + s.modelSummary
        s.gradient.spectralRadius = 0
        s.gradient.gateMeans = [GateMean(gate: "z", mean: 0.627)]
        return s
    }()

    static func render(_ snapshot: TrainingSnapshot, path: GradientPath = .hidden, width: Int, height: Int) -> CellGrid {
        var view = Fixtures.view
        view.gradientPath = path
        return DashboardRenderer.render(snapshot: snapshot, run: Fixtures.run, view: view, width: width, height: height)
    }

    @Test func lstmHiddenPathAt80x24() {
        SnapshotAssertions.assertSnapshot(Self.render(Self.lstm, width: 80, height: 24), named: "lstm-dh-80x24")
    }

    @Test func lstmCellPathAt120x40() {
        SnapshotAssertions.assertSnapshot(Self.render(Self.lstm, path: .cell, width: 120, height: 40), named: "lstm-dc-120x40")
    }

    @Test func gruAt80x24() {
        SnapshotAssertions.assertSnapshot(Self.render(Self.gru, width: 80, height: 24), named: "gru-80x24")
    }

    @Test func thePanelTitleSaysWhichPathItShows() {
        let hidden = Self.render(Self.lstm, width: 120, height: 40).text
        let cell = Self.render(Self.lstm, path: .cell, width: 120, height: 40).text
        #expect(hidden.contains("Gradient flow ||dE/dh_t||") && hidden.contains("d cell path c_t"))
        #expect(cell.contains("Gradient flow ||dE/dc_t||") && cell.contains("d hidden path h_t"))
        #expect(cell != hidden, "the heat map and bars change with the path")
        // Elman keeps its title; a cell path asked for on a cell without one shows the hidden path.
        let elman = Self.render(Fixtures.training, path: .cell, width: 120, height: 40).text
        #expect(elman.contains("Gradient flow ||dE/ds_t||") && !elman.contains("cell path"))
        let gru = Self.render(Self.gru, path: .cell, width: 120, height: 40).text
        #expect(gru.contains("Gradient flow ||dE/dh_t||") && !gru.contains("dc_t"))
    }

    @Test func theKeyRowShowsTheGatesInsteadOfTheRadius() {
        let lstm = Self.render(Self.lstm, width: 120, height: 40).text
        #expect(lstm.contains("f 0.93  i 0.41  o 0.55") && !lstm.contains("ρ(W)"))
        #expect(lstm.contains("Σ 0.42  clip 3"), "Σ leads the second key row when the gates take the first")
        let gru = Self.render(Self.gru, width: 120, height: 40).text
        #expect(gru.contains("z 0.63  Σ 0.42") && !gru.contains("ρ(W)"))
        // At 80 columns the forget gate is the stat with room.
        #expect(Self.render(Self.lstm, width: 80, height: 24).text.contains("≥1e2  f 0.93"))
        #expect(Self.render(Fixtures.training, width: 120, height: 40).text.contains("Σ 0.42  ρ(W) 0.93"), "Elman as before")
    }

    @Test func theStatusLineAndTimingPanelNameTheCell() {
        let wide = Self.render(Self.lstm, width: 120, height: 40)
        #expect(wide.line(0).contains(" lstm "))
        #expect(StatusLine.summary(Self.lstm) == "H=64 V=12 B=16 char · builtin(d=16)", "the cell has its own segment")
        #expect(StatusLine.summary(Fixtures.training) == Fixtures.training.modelSummary)
        #expect(wide.text.contains("lstm · log-log · ms/backward vs T"))
        #expect(Self.render(Self.lstm, width: 80, height: 24).line(0).contains(" lstm "), "kept at 80 columns")
        #expect(!Self.render(Fixtures.training, width: 120, height: 40).line(0).contains("elman"), "Elman, the default, unnamed")
    }

    @Test func thePickerNamesAGatedPresetsCell() {
        var view = Fixtures.view
        view.picker = RunPickerState(choices: [
            RunChoice(name: "default", path: "configs/default.cfg", description: "the built-in default"),
            RunChoice(name: "lstm-default", path: "configs/lstm.cfg", description: "the default with LSTM", cell: .lstm),
        ])
        let text = DashboardRenderer.render(snapshot: Fixtures.training, run: Fixtures.run, view: view, width: 80, height: 24).text
        #expect(text.contains("lstm · the default with LSTM") && text.contains("the built-in default"))
        #expect(!text.contains("elman ·"))
    }

    static func press(_ key: KeyInput, _ snapshot: TrainingSnapshot, view: inout DashboardViewState,
                      runs count: Int = 1) -> [DashboardAction] {
        var runs = (0..<count).map { DashboardRun(snapshot: snapshot, letter: $0 == 0 ? "A" : "B") }
        return DashboardKeys.handle(key, view: &view, runs: &runs)
    }

    @Test func dSwitchesLSTMsPathAndSaysSoForTheOthers() {
        var view = Fixtures.view
        #expect(Self.press(.character("d"), Self.lstm, view: &view).isEmpty)
        #expect(view.gradientPath == .cell && view.notice == nil)
        _ = Self.press(.character("d"), Self.lstm, view: &view)
        #expect(view.gradientPath == .hidden)
        for snapshot in [Fixtures.training, Self.gru] {
            var other = Fixtures.view
            _ = Self.press(.character("d"), snapshot, view: &other)
            #expect(other.gradientPath == .hidden && other.notice?.contains("no cell state") == true, "\(snapshot.cell)")
        }
    }

    @Test func cAsksForTheNextCellOfTheFocusedRun() {
        var view = Fixtures.view
        #expect(Self.press(.character("c"), Fixtures.training, view: &view) == [.cycleCell(run: 0)])
        view.focusedRun = 1
        #expect(Self.press(.character("c"), Fixtures.training, view: &view, runs: 2) == [.cycleCell(run: 1)])
    }
}
