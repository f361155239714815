import Foundation
import Testing
import BPTTNumerics
@testable import BPTTTraining

/// bench/read_checkpoint.py (the standard-library reader that docs/checkpoint-format.md describes)
/// against the program: checkpoints written by the real binary, and the old-format fixtures, read by
/// the script and by bptt-lab's own loader must give the same tensors, the same float64 sums of their
/// values and squares to the last bit, and the same output row for every word of a class model.
/// python3 is required, not optional (`make deps` installs it), so this never skips.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct CheckpointReaderTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = packageRoot.appendingPathComponent("bench/read_checkpoint.py").path

    @Test func readerAgreesWithTheProgramOnTrainedCheckpoints() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let corpus = try work.writeCorpus()
        let runs: [(name: String, arguments: [String])] = [
            // Char level, full softmax, Adam (both moments): container version 1.
            ("char.ckpt", ["--optimizer", "adam"]),
            // Word level with classes (version 2: slot order, classV/classC), a best-so-far copy from the schedule.
            ("classes.ckpt", ["--corpus", corpus, "--level", "word", "--output", "classes", "--classes", "4",
                              "--optimizer", "adam", "--lr_schedule", "rnnlm", "--validate_every", "2"]),
            // SGD: no moments (empty weight sets).
            ("sgd.ckpt", ["--optimizer", "sgd"]),
            // A gated cell (version 3: U, W and b four gate blocks wide, the kept steps' caches).
            ("lstm.ckpt", ["--cell", "lstm", "--optimizer", "adam"]),
        ]
        for run in runs {
            let path = work.path(run.name)
            let trained = try work.run(["train", "--quiet", "--steps", "6", "--hidden", "8", "--batch", "2",
                                        "--checkpoint", path, "--metrics", work.path(run.name + ".jsonl")] + run.arguments)
            try #require(trained.status == 0, "\(run.name): \(trained.stderr)")
            let (_, trainer) = try TrainerCheckpoint.load(from: path)
            var sets: [(String, RNNParameters<Float>)] = [("params", trainer.params)]
            if let best = trainer.bestParams { sets.append(("best", best)) }
            sets += [("optimizer.first", trainer.optimizer.firstMoment), ("optimizer.second", trainer.optimizer.secondMoment)]
            let reader = try Self.read(path)
            #expect(reader.tensors.count == sets.filter { $0.1.shape.vocabulary > 0 }.count * trainer.params.tensorNames.count)
            #expect(reader.tensors == Self.tensorLines(sets), "\(run.name)")
            #expect(reader.slotOf == trainer.shape.classes?.slotOf.map(Int.init), "\(run.name)")
            if run.name == "classes.ckpt" {
                #expect(reader.tensors.contains { $0.hasPrefix("tensor params.classV 4x8 ") }, "\(reader.tensors)")
                #expect(reader.tensors.contains { $0.hasPrefix("tensor best.U ") }, "\(reader.tensors)")
            }
            if run.name == "sgd.ckpt" { #expect(!reader.tensors.contains { $0.contains("optimizer.") }) }
            if run.name == "lstm.ckpt" {
                #expect(reader.tensors.contains { $0.hasPrefix("tensor params.W 32x8 ") }, "\(reader.tensors)")
            }
        }
    }

    @Test func readerAgreesWithTheProgramOnOldFormatCheckpoints() throws {
        // Written before the truncation moved into the config: the progress section holds it.
        let fixtures = Self.packageRoot.appendingPathComponent("Tests/BPTTTrainingTests/Fixtures")
        for name in ["old-blocks.ckpt", "old-off.ckpt"] {
            let path = fixtures.appendingPathComponent(name).path
            let model = try CheckpointModel(path: path)
            let reader = try Self.read(path)
            let params = reader.tensors.filter { $0.hasPrefix("tensor params.") }
            #expect(params.count == 5)
            #expect(params == Self.tensorLines([("params", model.params)]), "\(name)")
        }
    }

    @Test func readerRefusesADamagedFile() throws {
        let work = try ReliabilityWorkspace()
        defer { work.remove() }
        let path = work.path("a.ckpt")
        let trained = try work.run(["train", "--quiet", "--steps", "2", "--hidden", "8", "--batch", "2",
                                    "--checkpoint", path, "--metrics", work.path("m.jsonl")])
        try #require(trained.status == 0, "\(trained.stderr)")
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        let result = try Subprocess.run(try Self.python(), [Self.script, path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("checksum mismatch"), "\(result.stderr)")
    }

    // MARK: helpers

    /// The script's tensor lines and, for a class model, its slot of every word id.
    static func read(_ path: String) throws -> (tensors: [String], slotOf: [Int]?) {
        let result = try Subprocess.run(try python(), [script, path, "--tensors-only"], timeout: .seconds(20))
        try #require(result.status == 0, "read_checkpoint.py \(path): \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let slots = lines.first { $0.hasPrefix("slot_of ") }.map { $0.split(separator: " ").dropFirst().compactMap { Int($0) } }
        return (lines.filter { $0.hasPrefix("tensor ") }.map(normalized), slots)
    }

    /// What the script must print for these weight sets: name, storage shape, and the sum and sum of
    /// squares added one value after another in Float64 (the empty set of an unused moment is skipped).
    static func tensorLines(_ sets: [(String, RNNParameters<Float>)]) -> [String] {
        var lines: [String] = []
        for (prefix, weights) in sets where weights.shape.vocabulary > 0 {
            let v = weights.shape.vocabulary, h = weights.shape.hidden, classes = weights.shape.classCount
            let gates = weights.shape.gateWidth
            let shapes = ["U": "\(v)x\(gates)", "W": "\(gates)x\(h)", "b": "\(gates)", "V": "\(v)x\(h)", "c": "\(v)",
                          "classV": "\(classes)x\(h)", "classC": "\(classes)"]
            weights.forEachTensor { name, values in
                var sum = 0.0, squares = 0.0
                for value in values {
                    let x = Double(value)
                    sum += x
                    squares += x * x
                }
                lines.append("tensor \(prefix).\(name) \(shapes[name]!) sum=\(sum) sumsq=\(squares)")
            }
        }
        return lines
    }

    /// A tensor line with its two numbers parsed and printed again by Swift, so that the comparison is of
    /// the Double values and not of Python's and Swift's spellings of them.
    static func normalized(_ line: String) -> String {
        var fields = line.split(separator: " ").map(String.init)
        for i in fields.indices {
            for key in ["sum=", "sumsq="] where fields[i].hasPrefix(key) {
                if let value = Double(fields[i].dropFirst(key.count)) { fields[i] = key + "\(value)" }
            }
        }
        return fields.joined(separator: " ")
    }

    /// python3 on the PATH; its absence fails the test (make deps installs it).
    static func python() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw HarnessError("python3 is not on the PATH: `make deps` installs it (bench/read_checkpoint.py needs it)")
    }
}
