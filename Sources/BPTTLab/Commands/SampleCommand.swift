import ArgumentParser
import Foundation
import BPTTTraining

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample", abstract: "Generate text from a checkpoint.")

    @Option(help: "The checkpoint to sample from.")
    var checkpoint: String

    // Unconditional: "-5" is read as the value (and refused by validate) rather than as an option.
    @Option(parsing: .unconditional, help: "Tokens to generate (at most 1,000,000).")
    var length: Int = 300

    static let maximumLength = 1_000_000

    @Option(help: "Softmax temperature (> 0): below 1 is more conservative, above 1 more random.")
    var temperature: Double = 0.8

    @Option(help: "Text fed to the model first (unknown characters become <unk>).")
    var prime: String = ""

    func validate() throws {
        guard (0...Self.maximumLength).contains(length) else {
            throw ValidationError("--length must be within 0...\(Self.maximumLength), got \(length)")
        }
        guard temperature > 0, temperature.isFinite else { throw ValidationError("--temperature must be a positive number") }
    }

    func run() throws {
        try reportingErrors {
            // The checkpoint alone: the corpus may have moved since.
            let model = try CheckpointModel(path: checkpoint)
            print(model.sample(length: length, temperature: temperature, prime: prime))
        }
    }
}
