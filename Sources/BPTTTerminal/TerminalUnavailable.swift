import Foundation

/// Why the full-screen dashboard cannot run here. Every message says what to do instead, so a run
/// under a pipe, cron, CI or an unknown terminal fails fast and clearly instead of hanging.
public struct TerminalUnavailable: Error, LocalizedError, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        case stdinNotTerminal
        case stdoutNotTerminal
        case termUnset
        case termUnknown(String)
        case noTerminfoDatabase(String)
        case cannotAddressCursor(String)
        case openFailed(String)
    }

    public let reason: Reason
    public init(_ reason: Reason) { self.reason = reason }

    static let headlessHint = "use `bptt-lab train` for headless training"

    public var message: String {
        switch reason {
        case .stdinNotTerminal:
            return "stdin is not a terminal: the dashboard reads keys from one; \(Self.headlessHint)"
        case .stdoutNotTerminal:
            return "stdout is not a terminal: the dashboard needs one; \(Self.headlessHint)"
        case .termUnset:
            return "TERM is not set, so the terminal cannot be opened: set it (e.g. TERM=xterm-256color) or \(Self.headlessHint)"
        case .termUnknown(let term):
            return "TERM=\(term) is not in the terminfo database: set TERM to a known type (e.g. xterm-256color; "
                + "more types are in the ncurses-term package) or \(Self.headlessHint)"
        case .noTerminfoDatabase(let term):
            return "no terminfo database found to look up TERM=\(term): install ncurses-base or \(Self.headlessHint)"
        case .cannotAddressCursor(let term):
            return "TERM=\(term) cannot move the cursor, which a full-screen dashboard needs: "
                + "set TERM to a capable type (e.g. xterm-256color) or \(Self.headlessHint)"
        case .openFailed(let term):
            return "the terminal (TERM=\(term)) could not be opened by ncurses; \(Self.headlessHint)"
        }
    }

    public var errorDescription: String? { message }
    public var description: String { message }

    /// The checks made before ncurses is touched, as a pure function of what was observed.
    /// `probe` looks TERM up in terminfo; it is consulted only when TERM is set.
    static func preflight(stdinIsTerminal: Bool, stdoutIsTerminal: Bool, term: String?,
                          probe: (String) -> TerminfoProbe) -> TerminalUnavailable? {
        if !stdoutIsTerminal { return TerminalUnavailable(.stdoutNotTerminal) }
        if !stdinIsTerminal { return TerminalUnavailable(.stdinNotTerminal) }
        guard let term, !term.isEmpty else { return TerminalUnavailable(.termUnset) }
        switch probe(term) {
        case .usable: return nil
        case .unknown: return TerminalUnavailable(.termUnknown(term))
        case .noDatabase: return TerminalUnavailable(.noTerminfoDatabase(term))
        case .noCursorAddressing: return TerminalUnavailable(.cannotAddressCursor(term))
        }
    }
}

/// What terminfo says about a terminal type.
enum TerminfoProbe: Equatable, Sendable {
    case usable, unknown, noDatabase, noCursorAddressing

    /// Decodes `bptt_probe_term`'s result.
    init(shimResult: Int32) {
        switch shimResult {
        case 1: self = .usable
        case 0: self = .unknown
        case 2: self = .noCursorAddressing
        default: self = .noDatabase
        }
    }
}
