import BPTTTraining

/// What a key asks the app to do beyond changing the view. Actions for a run name it: its index
/// among the runs on screen (0 is A, 1 is B).
public enum DashboardAction: Equatable, Sendable {
    case quit
    /// Forwarded to that run's session (pause, resume, singleStep, restart, setTruncation, setEngine...).
    case command(SessionCommand, run: Int)
    /// Stop every run (checkpointing each if configured) and start this one alone.
    case launch(RunChoice)
    /// Start run B: a copy of run A (same config and seed, so the same initial weights) with this change.
    case compare(CompareChange)
    /// Stop that run (saving as quitting does) and take it off the screen.
    case stopRun(Int)
    /// Write a picture of the current screen (SVG) into the run folder.
    case writeScreen
    /// Restart that run with the next cell (elman → gru → lstm → elman) and its current settings.
    case cycleCell(run: Int)
}
