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
    /// SIGINT (or Ctrl-C read as a key) or another signal of `SignalTrap.ended`.
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
        case .signal(SIGQUIT): "SIGQUIT"
        case .signal(SIGUSR1): "SIGUSR1"
        case .signal(SIGUSR2): "SIGUSR2"
        case .signal(SIGALRM): "SIGALRM"
        case .signal(SIGPIPE): "SIGPIPE"
        case .signal(let signo): "signal \(signo)"
        case .inputClosed: "terminal closed"
        }
    }
}

/// Where the loop learns of the signals that end it: `SignalTrap` on a real terminal,
/// `MemoryTerminal` in tests.
protocol SignalSource {
    /// The first signal received and not yet taken, if any.
    func pendingSignal() -> Int32?
    /// Puts back whatever handled the signals before; idempotent.
    func uninstall()
}

extension SignalTrap: SignalSource {}

public enum TerminalApp {
    /// The UI loop on `backend`, on the calling (main) thread, at most `fps` frames a second. Each
    /// tick: end on a pending signal (those of `SignalTrap.ended` are trapped while it runs) or a closed
    /// input; mark the screen dirty when `needsRedraw()` says so; if dirty and a frame is due, draw
    /// `frame(width, height)`; then wait for a key until the next frame is due (at most one frame
    /// interval). Keys and resizes mark the screen dirty; Ctrl-C ends the loop like SIGINT; any
    /// other key goes to `onKey`, which returns false to quit.
    ///
    /// The backend is closed (terminal restored) on every way out: quit, signal, hang-up, or an
    /// error thrown by a callback, which is then rethrown.
    public static func run<Backend: TerminalBackend>(on backend: Backend, fps: Int,
                                                     needsRedraw: () throws -> Bool,
                                                     frame: (Int, Int) throws -> CellGrid,
                                                     onKey: (KeyInput) throws -> Bool) rethrows -> ExitReason {
        try run(on: backend, fps: fps, signals: SignalTrap(), clock: monotonicMilliseconds,
                needsRedraw: needsRedraw, frame: frame, onKey: onKey)
    }

    /// The loop with its signal source and millisecond clock given (tests: `MemoryTerminal` for all three).
    static func run<Backend: TerminalBackend, Signals: SignalSource>(
        on backend: Backend, fps: Int, signals: Signals, clock: () -> Int,
        needsRedraw: () throws -> Bool, frame: (Int, Int) throws -> CellGrid,
        onKey: (KeyInput) throws -> Bool) rethrows -> ExitReason {
        // The signal handlers go first: closing a screen puts back the dispositions from before it opened.
        defer {
            signals.uninstall()
            backend.close()
        }
        var pacer = FramePacer(fps: fps)
        var dirty = true
        while true {
            if let signo = signals.pendingSignal() { return .signal(signo) }
            if backend.inputClosed { return .inputClosed }
            if try needsRedraw() { dirty = true }
            let now = clock()
            if dirty && pacer.isDue(now: now) {
                let (width, height) = backend.size
                backend.draw(try frame(width, height))
                pacer.didDraw(at: now)
                dirty = false
            }
            let wait = pacer.waitMilliseconds(now: clock(), dirty: dirty)
            guard let key = backend.readKey(timeoutMilliseconds: max(1, wait)) else { continue }
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
