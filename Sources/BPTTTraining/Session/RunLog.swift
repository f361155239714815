/// Everything a live run records: its history for the snapshot and its metrics file. A control
/// event goes to both with one call. Used on the session's training queue only.
final class RunLog {
    var history: RunHistory
    let metrics: SessionMetrics

    init(settings: SessionSettings) throws {
        history = RunHistory(settings: settings)
        metrics = try SessionMetrics(path: settings.metricsPath, option: settings.metricsOption, inputs: settings.inputFiles)
    }

    /// A control change (or a refusal, a schedule decision, a failed save): a marker on the loss
    /// chart and an event record with the settings in force.
    func event(_ kind: ControlEvent.Kind, _ text: String, trainer: Trainer, seconds: Double) {
        let event = ControlEvent(step: trainer.step, seconds: seconds, kind: kind, text: text)
        history.add(event: event)
        metrics.event(event, trainer: trainer)
    }
}
