/// Frame pacing as arithmetic on a monotonic clock in milliseconds, so it is tested without waiting:
/// draw at most `fps` times a second, and never wait longer than one frame interval between checks.
struct FramePacer: Equatable, Sendable {
    static let fpsRange = 1...120
    let intervalMilliseconds: Int
    private(set) var lastDraw: Int?

    init(fps: Int) {
        let clamped = min(max(fps, Self.fpsRange.lowerBound), Self.fpsRange.upperBound)
        intervalMilliseconds = (1000 + clamped - 1) / clamped     // rounded up: never above `fps`
    }

    func isDue(now: Int) -> Bool {
        guard let lastDraw else { return true }
        return now - lastDraw >= intervalMilliseconds
    }

    /// Records a frame drawn at `now` (when it was found due). A frame that is a little late keeps the
    /// schedule's phase, so timer slack does not lower the rate; one late by a whole interval or more
    /// restarts the schedule instead of bursting to catch up.
    mutating func didDraw(at now: Int) {
        if let last = lastDraw, now - (last + intervalMilliseconds) < intervalMilliseconds,
           now >= last + intervalMilliseconds {
            lastDraw = last + intervalMilliseconds
        } else {
            lastDraw = now
        }
    }

    /// How long to wait for a key before the next check. Until the next frame is due, so new data
    /// (polled at each check) is drawn on schedule; when nothing is pending and a frame is already
    /// due, one interval, so an idle loop wakes up only `fps` times a second.
    func waitMilliseconds(now: Int, dirty: Bool) -> Int {
        guard let lastDraw else { return dirty ? 0 : intervalMilliseconds }
        let untilDue = min(intervalMilliseconds, lastDraw + intervalMilliseconds - now)
        if dirty { return max(0, untilDue) }
        return untilDue > 0 ? untilDue : intervalMilliseconds
    }
}
