import Testing
@testable import BPTTTerminal

@Suite struct TerminalUnavailableTests {
    private func check(stdin: Bool = true, stdout: Bool = true, term: String? = "xterm-256color",
                       probe: TerminfoProbe = .usable) -> TerminalUnavailable? {
        TerminalUnavailable.preflight(stdinIsTerminal: stdin, stdoutIsTerminal: stdout, term: term) { _ in probe }
    }

    @Test func aUsableTerminalPasses() {
        #expect(check() == nil)
    }

    @Test func eachProblemHasItsOwnMessageSuggestingHeadlessTraining() {
        let cases: [(TerminalUnavailable?, String)] = [
            (check(stdout: false), "stdout is not a terminal"),
            (check(stdin: false), "stdin is not a terminal"),
            (check(term: nil), "TERM is not set"),
            (check(term: ""), "TERM is not set"),
            (check(term: "vt999", probe: .unknown), "TERM=vt999 is not in the terminfo database"),
            (check(term: "dumb", probe: .noCursorAddressing), "TERM=dumb cannot move the cursor"),
            (check(term: "xterm", probe: .noDatabase), "no terminfo database"),
        ]
        for (problem, expected) in cases {
            let message = problem?.message ?? "<none>"
            #expect(message.contains(expected), "\(message)")
            #expect(message.contains("bptt-lab train"))
            #expect(problem?.errorDescription == message)
        }
    }

    @Test func stdoutIsReportedFirst() {
        // With output piped the dashboard is certainly wrong, whatever stdin is.
        #expect(check(stdin: false, stdout: false)?.reason == .stdoutNotTerminal)
    }

    @Test func probeResultsDecode() {
        #expect(TerminfoProbe(shimResult: 1) == .usable)
        #expect(TerminfoProbe(shimResult: 0) == .unknown)
        #expect(TerminfoProbe(shimResult: 2) == .noCursorAddressing)
        #expect(TerminfoProbe(shimResult: -1) == .noDatabase)
    }
}
