import CNcurses
import Glibc

/// Restores the terminal when the process dies of a fatal signal while a screen is open: a Swift
/// trap (fatalError, a failed precondition: SIGILL or SIGTRAP), SIGSEGV, SIGBUS, SIGFPE or SIGABRT.
/// Without it a crash leaves the shell in curses mode (no echo, alternate screen). The handler ends
/// curses mode — not async-signal-safe in general, but the process is dying anyway and ncurses'
/// own SIGINT/SIGTERM handlers do the same — then puts back the handler that was there before (the
/// Swift runtime's backtracer, or the default action) and raises the signal again, so the crash is
/// reported and the exit status is what it would have been, now on a usable terminal.
///
/// If that handler returns (the backtracer does for a signal sent with kill, which has no faulting
/// instruction to repeat, and training then carried on), the default action is put back and the
/// signal raised once more: a fatal signal always ends the process, with that signal.
public enum CrashRestore {
    static let fatalSignals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT]

    /// The handlers that were installed before ours, indexed by signal number; written once, before
    /// any of our handlers can run.
    nonisolated(unsafe) private static let previous: UnsafeMutablePointer<sigaction> = {
        let saved = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        saved.initialize(repeating: sigaction(), count: 65)
        return saved
    }()

    /// Installs the handlers once per process; later calls do nothing.
    public static func install() { _ = installed }

    private static let installed: Bool = {
        for signo in fatalSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signo in
                bptt_endwin_if_active()
                _ = sigaction(signo, CrashRestore.previous + Int(signo), nil)
                raise(signo)
                signal(signo, SIG_DFL)
                raise(signo)
            }
            action.sa_flags = Int32(SA_NODEFER)
            sigemptyset(&action.sa_mask)
            _ = sigaction(signo, &action, previous + Int(signo))
        }
        return true
    }()
}
