import ArgumentParser

@main
struct BPTTLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bptt-lab",
        abstract: "A terminal laboratory for back-propagation through time.",
        subcommands: [TrainCommand.self, EvalCommand.self, SampleCommand.self, BenchCommand.self, KeysCommand.self]
    )
}
