#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BPTTTraining

/// The self-pipe the signal handler writes the signal number into: write(2) is async-signal-safe,
/// and the UI loop reads it without blocking on each tick. A `let` global is immutable (Sendable);
/// it is created before any handler is installed, so the handler never runs its lazy initialiser.
private let signalPipe: (read: Int32, write: Int32) = {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return (-1, -1) }
    for fd in fds {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }
    return (fds[0], fds[1])
}()

private func recordSignal(_ signo: Int32) {
    let savedErrno = errno
    var byte = UInt8(truncatingIfNeeded: signo)
    _ = write(signalPipe.write, &byte, 1)
    errno = savedErrno
}

/// Signal dispositions saved so they can be put back exactly (flags and mask included).
struct SavedDispositions {
    private var saved: [(signal: Int32, action: sigaction)] = []

    /// Records the current dispositions of `signals`.
    static func current(_ signals: [Int32]) -> SavedDispositions {
        var result = SavedDispositions()
        for signo in signals {
            var old = sigaction()
            if sigaction(signo, nil, &old) == 0 { result.saved.append((signo, old)) }
        }
        return result
    }

    func restore() {
        for entry in saved {
            var action = entry.action
            _ = sigaction(entry.signal, &action, nil)
        }
    }
}

/// Turns the signals that end the dashboard into a flag the UI loop checks each tick, so the loop ends
/// through its normal path (which saves and restores the terminal) instead of dying in raw mode.
final class SignalTrap {
    /// The stop signals (`StopSignals`) and SIGPIPE: nothing the dashboard writes is a pipe, so one
    /// sent with kill means "stop".
    static let ended: [Int32] = StopSignals.all + [SIGPIPE]
    private let previous: SavedDispositions
    private var installed = true

    init(signals: [Int32] = SignalTrap.ended) {
        _ = signalPipe                       // create it before a handler can run
        Self.drain()
        previous = SavedDispositions.current(signals)
        for signo in signals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { recordSignal($0) }
            #else
            action.__sigaction_u.__sa_handler = { recordSignal($0) }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0              // no SA_RESTART: a blocked read returns early
            _ = sigaction(signo, &action, nil)
        }
    }

    /// The first signal received since installation, if any (consumes it).
    func pendingSignal() -> Int32? {
        var byte: UInt8 = 0
        let n = read(signalPipe.read, &byte, 1)
        return n == 1 ? Int32(byte) : nil
    }

    /// Puts the previous dispositions back; idempotent.
    func uninstall() {
        guard installed else { return }
        installed = false
        previous.restore()
    }

    deinit { uninstall() }

    private static func drain() {
        var byte: UInt8 = 0
        while read(signalPipe.read, &byte, 1) == 1 {}
    }
}

/// The calling thread's signal mask. A launcher (a test runner's worker thread, some supervisors)
/// may hand the process a mask that blocks the signals the UI depends on: SIGWINCH (resize) and the
/// ones that end the loop. The screen unblocks them on its thread and puts the old mask back.
struct ThreadSignalMask {
    private var previous = sigset_t()

    static func unblocking(_ signals: [Int32]) -> ThreadSignalMask {
        var set = sigset_t()
        sigemptyset(&set)
        for signo in signals { sigaddset(&set, signo) }
        var mask = ThreadSignalMask()
        pthread_sigmask(SIG_UNBLOCK, &set, &mask.previous)
        return mask
    }

    func restore() {
        var old = previous
        pthread_sigmask(SIG_SETMASK, &old, nil)
    }
}
