/// Frame pacing as arithmetic on a monotonic clock in milliseconds, so it is tested without waiting:
/// draw at most `fps` times a second, and never wait longer than one frame interval between checks.
struct FramePacer: Equatable, Sendable {
    static let fpsRange = 1...120
    let intervalMilliseconds: Int
    private(set) var lastDraw: Int?

    init(fps: Int) {
        let clamped = min(max(fps, Self.fpsRange.lowerBound), Self.fpsRange.upperBound)
        intervalMilliseconds = max(1, 1000 / clamped)
    }

    func isDue(now: Int) -> Bool {
        guard let lastDraw else { return true }
        return now - lastDraw >= intervalMilliseconds
    }

    mutating func didDraw(at now: Int) { lastDraw = now }

    /// How long to wait for a key before the next check: until the next frame is due when there is
    /// something to draw, otherwise one interval (to poll for new data and signals).
    func waitMilliseconds(now: Int, dirty: Bool) -> Int {
        guard dirty else { return intervalMilliseconds }
        guard let lastDraw else { return 0 }
        return min(intervalMilliseconds, max(0, lastDraw + intervalMilliseconds - now))
    }
}
