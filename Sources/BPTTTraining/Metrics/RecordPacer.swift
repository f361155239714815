/// Decides when an "interval" metrics record is due, so the metrics file grows slowly on fast runs
/// (it grew ~3.4 MB a minute at one record per 50 updates). A record is due every `metrics_every`
/// updates, but at most once per `minimumSeconds` and at most once per `shareOfElapsed` of the run's
/// time so far: 1 s apart in the first 100 s, then spaced out in proportion (36 s apart after an
/// hour), which is about 460 records in the first hour and a few dozen more per later hour. Each
/// record averages the train loss over all updates since the previous one, so no update is left out.
public struct IntervalRecordPacer: Sendable, Equatable {
    public var minimumSeconds: Double
    public var shareOfElapsed: Double
    private var lastRecord: Double?

    public init(minimumSeconds: Double = 1, shareOfElapsed: Double = 0.01) {
        self.minimumSeconds = minimumSeconds
        self.shareOfElapsed = shareOfElapsed
    }

    /// Whether a record is due at `seconds` since the run started; when it is, counts it as written.
    public mutating func isDue(at seconds: Double) -> Bool {
        if let last = lastRecord, seconds - last < max(minimumSeconds, shareOfElapsed * seconds) { return false }
        lastRecord = seconds
        return true
    }
}
