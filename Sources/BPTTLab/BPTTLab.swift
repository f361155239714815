import ArgumentParser

@main
struct BPTTLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bptt-lab",
        abstract: "A terminal laboratory for back-propagation through time.",
        subcommands: [BenchCommand.self, TerminalDemoCommand.self]
    )
}
