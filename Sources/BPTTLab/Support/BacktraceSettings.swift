import Foundation

/// The Swift runtime reads SWIFT_BACKTRACE once, at process start; its default on a terminal is an
/// interactive backtracer that can wait 30 s for a key before the process ends. When the variable
/// is not set, the process runs itself again with `interactive=no` (the report is still printed).
/// A value the user set is left alone.
enum BacktraceSettings {
    static let variable = "SWIFT_BACKTRACE"

    static func ensureNonInteractive() {
        #if os(Linux)
        guard ProcessInfo.processInfo.environment[variable] == nil else { return }
        setenv(variable, "interactive=no", 1)
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", arguments)
        // exec failed: carry on in this process, only the crash path is affected.
        for pointer in arguments { free(pointer) }
        #endif
    }
}
