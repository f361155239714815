import BPTTTraining

/// What a key asks the app to do beyond changing the view.
public enum DashboardAction: Equatable, Sendable {
    case quit
    /// Forwarded to the running session (pause, resume, singleStep, restart, setTruncation, setEngine...).
    case command(SessionCommand)
    /// Stop the current run (checkpointing it if configured) and start this one.
    case launch(RunChoice)
    /// Write a picture of the current screen (SVG) into the run folder.
    case writeScreen
}
