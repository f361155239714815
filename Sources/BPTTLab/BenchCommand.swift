import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Time the BPTT engines and training steps.")
    func run() throws {
        throw ValidationError("bench is not built yet")
    }
}
