import BPTTTraining
import BPTTNumerics

/// One run on the screen: its latest snapshot, its own view state, and how the shared charts name it.
public struct DashboardRun: Sendable, Equatable {
    public var snapshot: TrainingSnapshot
    public var state: RunViewState
    /// "A", "B": the run's name on the shared loss chart and in the status line.
    public var letter: String
    /// What sets it apart from the other run ("k1=3", "off"); empty when it runs alone.
    public var difference: String
    /// The run's optimizer (the snapshot does not carry it); the compare menu offers the others.
    public var optimizer: OptimizerKind?

    public init(snapshot: TrainingSnapshot, state: RunViewState = RunViewState(), letter: String = "A",
                difference: String = "", optimizer: OptimizerKind? = nil) {
        self.snapshot = snapshot; self.state = state; self.letter = letter
        self.difference = difference; self.optimizer = optimizer
    }

    /// "A k1=3", or the bare letter when there is no difference to name.
    public var legendName: String { difference.isEmpty ? letter : letter + " " + difference }
}
