#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The signals that stop a run cleanly instead of killing it (the checkpoint saved, the terminal
/// restored, exit 128 + n): every catchable signal whose default action ends the process. SIGQUIT is
/// among them because its handler would otherwise be the Swift runtime's backtracer, which prints a
/// crash report and lets training go on. `train` and the dashboard trap these; what each does about
/// SIGPIPE is its own (`train` ignores it and stops on EPIPE, the dashboard stops on it).
public enum StopSignals {
    public static let all: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM]
}
