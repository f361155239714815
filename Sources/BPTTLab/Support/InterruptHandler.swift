import Foundation
import BPTTTraining

/// Turns the stop signals (`StopSignals`: SIGINT, SIGTERM, SIGHUP when the terminal closes, SIGQUIT,
/// SIGUSR1/2, SIGALRM) into a call of `action` instead of death, so a run can stop cleanly and save
/// its checkpoint; `received` is the first such signal, for the exit status (128 + signal number, as
/// shells expect). SIGPIPE is ignored while it is in place: a write to a closed pipe fails with EPIPE
/// instead (`writeStandardOutput`), which `train` turns into the same clean stop.
final class InterruptHandler: @unchecked Sendable {
    static let signals = StopSignals.all
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var first: Int32?

    init(_ action: @escaping @Sendable () -> Void) {
        signal(SIGPIPE, SIG_IGN)
        for signalNumber in Self.signals {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in
                self?.note(signalNumber)
                action()
            }
            source.resume()
            sources.append(source)
        }
    }

    var received: Int32? {
        lock.lock(); defer { lock.unlock() }
        return first
    }

    private func note(_ signalNumber: Int32) {
        lock.lock(); defer { lock.unlock() }
        if first == nil { first = signalNumber }
    }

    func cancel() {
        for source in sources { source.cancel() }
        for signalNumber in Self.signals { signal(signalNumber, SIG_DFL) }
    }
}
