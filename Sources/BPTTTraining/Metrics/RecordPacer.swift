/// Decides when a metrics record of a frequent kind (interval, validation) is due, so the metrics
/// file grows slowly on fast runs (interval records grew it ~3.4 MB a minute at one per 50 updates,
/// validations ~14 MB an hour at one per 1000 updates). A record is due when its work is (every
/// `metrics_every` or `validate_every` updates), but at most once per `minimumSeconds` and at most
/// once per `shareOfElapsed` of the run's time so far: 1 s apart in the first 100 s (dense enough
/// to follow the start), then spaced out in proportion (36 s apart after an hour). That is at most
/// 100 + 100 ln 36 ≈ 460 records of each kind in the first hour and about 70 more per later hour.
/// Each interval record averages the train loss over all updates since the previous one, so no
/// update is left out; a validation record is the latest validation.
public struct RecordPacer: Sendable, Equatable {
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
