import ArgumentParser
import BPTTCorpus
import Foundation
import BPTTTerminal

@main
struct BPTTLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bptt-lab",
        abstract: "A terminal laboratory for back-propagation through time.",
        discussion: "Without a subcommand: the dashboard, on the built-in default or on --config FILE.",
        subcommands: [DashboardCommand.self, TrainCommand.self, EvalCommand.self, SampleCommand.self,
                      BenchCommand.self, StudyCommand.self, KeysCommand.self, ScreenshotCommand.self, CorpusCommand.self,
                      TerminalDemoCommand.self],
        defaultSubcommand: DashboardCommand.self
    )

    static func main() {
        BacktraceSettings.ensureNonInteractive()
        // A fatal signal (even one sent with kill) ends the process in every command.
        CrashRestore.install()
        // The Swift runtime's backtracer handles SIGQUIT by printing a crash report and returning,
        // so the process went on; its default action (end the process) holds wherever `train` and
        // the dashboard do not trap it to stop cleanly.
        signal(SIGQUIT, SIG_DFL)
        do {
            var command = try parseAsRoot(nil)
            try command.run()
        } catch {
            // Help and --version print as ArgumentParser prints them; an error's message has any
            // value it quotes cut to 80 characters (it would echo a 100 MB argument whole).
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { writeStandardError(ErrorValue.cutLongWords(in: message) + "\n") }
            Foundation.exit(code.rawValue)
        }
    }
}
