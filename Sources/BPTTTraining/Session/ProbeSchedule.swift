/// When the dashboard's timing probe runs: first half a second into the run (so the timing panel
/// fills quickly), then every `every` seconds, but never taking more than `maxShare` of the wall
/// time: after a probe that cost c seconds the next one waits at least c / maxShare. Pure.
struct ProbeSchedule: Equatable {
    let every: Double
    let maxShare: Double
    private(set) var nextAt = 0.5

    init(every: Double, maxShare: Double) {
        self.every = every
        self.maxShare = max(maxShare, 1e-3)
    }

    /// Whether a probe is due `seconds` into the run (never when `every` is 0).
    func isDue(at seconds: Double) -> Bool { every > 0 && seconds >= nextAt }

    /// Records a probe that cost `cost` seconds and ended `seconds` into the run.
    mutating func ran(cost: Double, endedAt seconds: Double) {
        nextAt = seconds + max(every, cost / maxShare)
    }
}
