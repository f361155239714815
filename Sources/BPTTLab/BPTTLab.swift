import ArgumentParser
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
        main(nil)
    }
}
