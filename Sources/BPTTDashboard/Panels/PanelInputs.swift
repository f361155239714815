import BPTTTraining

// What the loss, two-run loss and truncation panels read from the runs and the view, in one place: the renderer
// builds their inputs here, and the panels see nothing else.

extension LossPanel.Input {
    init(snapshot: TrainingSnapshot, run: RunViewState = RunViewState(), view: DashboardViewState) {
        self.init(unit: snapshot.unit, trainLoss: snapshot.trainLoss, validLoss: snapshot.validLoss,
                  recallLoss: snapshot.recallLoss, otherLoss: snapshot.otherLoss, floors: snapshot.lossFloors,
                  events: snapshot.events, earlierRuns: run.referenceRuns, options: LossChartOptions(view: view))
    }
}

extension LossPanel {
    init(snapshot: TrainingSnapshot, run: RunViewState = RunViewState(), view: DashboardViewState) {
        self.init(Input(snapshot: snapshot, run: run, view: view))
    }
}

extension TruncationPanel.RecallFacts {
    init(snapshot: TrainingSnapshot) {
        self.init(dependencyDistance: snapshot.dependencyDistance, floors: snapshot.lossFloors,
                  latestRecallLoss: snapshot.recallLoss.last?.loss)
    }
}

extension TruncationPanel {
    init(snapshot: TrainingSnapshot, run: RunViewState = RunViewState(), view: DashboardViewState) {
        self.init(runs: [DashboardRun(snapshot: snapshot, state: run)], focused: 0, view: view)
    }

    /// The focused run's sliders, and a line for each other run.
    init(runs: [DashboardRun], focused: Int, view: DashboardViewState) {
        let run = runs[focused]
        let others = runs.indices.filter { $0 != focused }.map { i in
            OtherRun(letter: runs[i].letter, truncation: runs[i].snapshot.truncation,
                     recall: RecallFacts(snapshot: runs[i].snapshot))
        }
        self.init(Input(truncation: run.snapshot.truncation, shown: DashboardKeys.displayedTruncation(run),
                        sentenceModeAvailable: run.snapshot.sentenceModeAvailable, focus: view.focus,
                        letter: runs.count > 1 ? run.letter : "", recall: RecallFacts(snapshot: run.snapshot),
                        others: others))
    }
}

extension CompareLossPanel {
    init(runs: [DashboardRun], focused: Int, view: DashboardViewState) {
        let lead = runs[focused].snapshot
        let curves = runs.map { Curve(name: $0.legendName, trainLoss: $0.snapshot.trainLoss, recallLoss: $0.snapshot.recallLoss) }
        self.init(Input(curves: curves, focused: focused, unit: lead.unit, floors: lead.lossFloors, events: lead.events,
                        options: LossChartOptions(view: view)))
    }
}
