import BPTTDashboard
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the UI loop ended.
public enum ExitReason: Equatable, Sendable, CustomStringConvertible {
    /// `onKey` returned false.
    case quit
    /// SIGINT (or Ctrl-C read as a key), SIGTERM or SIGHUP.
    case signal(Int32)
    /// The terminal went away (stdin hung up).
    case inputClosed

    /// The conventional process exit status: 0, 128 + signal number, or 1.
    public var exitStatus: Int32 {
        switch self {
        case .quit: 0
        case .signal(let signo): 128 + signo
        case .inputClosed: 1
        }
    }

    public var description: String {
        switch self {
        case .quit: "quit"
        case .signal(SIGINT): "SIGINT"
        case .signal(SIGTERM): "SIGTERM"
        case .signal(SIGHUP): "SIGHUP"
        case .signal(let signo): "signal \(signo)"
        case .inputClosed: "terminal closed"
        }
    }
}

public enum TerminalApp {
    /// The UI loop, on the calling (main) thread, at most `fps` frames a second. Each tick: end on a
    /// pending signal; mark the screen dirty when `needsRedraw()` says so; if dirty and a frame is
    /// due, draw `frame(width, height)`; then wait for a key until the next frame is due (at most one
    /// frame interval). Keys and resizes mark the screen dirty; Ctrl-C ends the loop like SIGINT;
    /// any other key goes to `onKey`, which returns false to quit.
    ///
    /// The screen is closed (terminal restored) on every way out: quit, signal, hang-up, or an error
    /// thrown by a callback, which is then rethrown.
    public static func run(screen: TerminalScreen, fps: Int,
                           needsRedraw: () throws -> Bool,
                           frame: (Int, Int) throws -> CellGrid,
                           onKey: (KeyInput) throws -> Bool) rethrows -> ExitReason {
        let trap = SignalTrap()
        defer {
            trap.uninstall()
            screen.close()
        }
        var pacer = FramePacer(fps: fps)
        var dirty = true
        while true {
            if let signo = trap.pendingSignal() { return .signal(signo) }
            if screen.inputClosed { return .inputClosed }
            if try needsRedraw() { dirty = true }
            let now = monotonicMilliseconds()
            if dirty && pacer.isDue(now: now) {
                let (width, height) = screen.size
                screen.draw(try frame(width, height))
                pacer.didDraw(at: now)
                dirty = false
            }
            let wait = pacer.waitMilliseconds(now: monotonicMilliseconds(), dirty: dirty)
            guard let key = screen.readKey(timeoutMilliseconds: max(1, wait)) else { continue }
            dirty = true
            switch key {
            case .interrupt: return .signal(SIGINT)
            case .resize: continue
            default: if try !onKey(key) { return .quit }
            }
        }
    }

    static func monotonicMilliseconds() -> Int {
        Int(DispatchTime.now().uptimeNanoseconds / 1_000_000)
    }
}
