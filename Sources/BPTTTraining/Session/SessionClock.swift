import Dispatch

/// Wall time since the session (re)started.
struct SessionClock {
    private var origin: UInt64 = DispatchTime.now().uptimeNanoseconds
    mutating func start() { origin = DispatchTime.now().uptimeNanoseconds }
    var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - origin) / 1e9 }
}
