import Foundation
import Testing
@testable import BPTTTraining
#if canImport(Glibc)
import Glibc
#endif

/// Issue 24: the output module. Which existing files each kind of output may replace, the checks
/// every command's paths go through, the atomic replace, and the metrics budget of an hour.
@Suite struct OutputKindTests {
    /// A private folder, removed by the caller.
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "bptt-output-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, _ path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    static let screen = (0..<24).map { _ in String(repeating: "─", count: 80) }.joined(separator: "\n") + "\n"

    @Test func eachKindRecognisesItsOwnFilesOnly() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files: [String: String] = [
            "notes.md": "# notes\nsome text\n",
            "empty": "",
            "metrics.jsonl": #"{"event":"start","seconds":0,"step":0,"type":"event"}"# + "\n",
            "picture.svg": "<?xml version=\"1.0\"?>\n<!-- made elsewhere -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n",
            "screen.txt": Self.screen,
            "bench.json": #"{"sgemm_gflops": 1, "backward": [], "train": []}"#,
            "study.json": #"[{"reach": "3", "seed": 1, "updates": 10}]"#,
            "gradients.json": "[]",
            "other.json": #"{"name": "x"}"#,
        ]
        for (name, text) in files { try Self.write(text, "\(dir)/\(name)") }
        let accepted: [(OutputKind, Set<String>)] = [
            (.metrics, ["empty", "metrics.jsonl"]),
            (.svgScreen, ["picture.svg"]),
            (.textScreen, ["screen.txt"]),
            (.benchReport, ["bench.json"]),
            (.truncationStudyReport, ["study.json", "gradients.json"]),
            (.gradientStudyReport, ["gradients.json"]),
            (.checkpoint, ["empty"]),
        ]
        for (kind, names) in accepted {
            let got = Set(files.keys.filter { kind.accepts(existing: "\(dir)/\($0)") })
            #expect(got == names, "\(kind)")
        }
    }

    @Test func aTextScreenIsARectangleOfAtLeast80x24() {
        func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
        #expect(OutputKind.isTextScreen(bytes(Self.screen)))
        #expect(OutputKind.isTextScreen(bytes(String(Self.screen.dropLast()))), "without the last newline")
        let ragged = Self.screen.replacingOccurrences(of: "──\n", with: "─\n", options: [],
                                                      range: Self.screen.range(of: "──\n"))
        #expect(!OutputKind.isTextScreen(bytes(ragged)))
        let short = (0..<23).map { _ in String(repeating: "x", count: 80) }.joined(separator: "\n")
        #expect(!OutputKind.isTextScreen(bytes(short)))
        let narrow = (0..<30).map { _ in String(repeating: "x", count: 79) }.joined(separator: "\n")
        #expect(!OutputKind.isTextScreen(bytes(narrow)))
        #expect(!OutputKind.isTextScreen(bytes(Self.screen) + [0]))
    }

    @Test func checksRefuseForeignFilesInputsLinksAndEmptyPaths() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write("the corpus\n", "\(dir)/corpus.txt")
        #expect(link("\(dir)/corpus.txt", "\(dir)/hard.svg") == 0)
        #expect(symlink("\(dir)/corpus.txt", "\(dir)/soft.svg") == 0)
        try Self.write("# notes\n", "\(dir)/notes.svg")
        let inputs = [OutputFile.Input(path: "\(dir)/corpus.txt", role: "the corpus")]
        func refusal(_ path: String, _ kind: OutputKind = .svgScreen) -> String? {
            do { try OutputFile.check(path, option: "--out", kind: kind, inputs: inputs); return nil }
            catch { return error.message }
        }
        #expect(refusal("\(dir)/hard.svg")?.contains("it is the corpus of this run") == true)
        #expect(refusal("\(dir)/soft.svg")?.contains("a symbolic link, not a regular file") == true)
        #expect(refusal("\(dir)/notes.svg")?.contains("is not an SVG picture; refusing to overwrite it") == true)
        #expect(refusal("\(dir)/notes.svg", .metrics)?.contains("refusing to append to it") == true)
        #expect(refusal("") == "--out: the path is empty; give a file name")
        #expect(refusal("\(dir)/new.svg") == nil)
        #expect(throws: OutputFile.Refusal.self) {
            try OutputFile.checkDistinct([("--out", "\(dir)/corpus.txt"), ("--text-out", "\(dir)/hard.svg")])
        }
        #expect(throws: OutputFile.Refusal.self) {
            try OutputFile.checkDistinct([("--out", "\(dir)/a.svg"), ("--text-out", "\(dir)/./a.svg")])
        }
        try OutputFile.checkDistinct([("--out", "\(dir)/a.svg"), ("--text-out", "\(dir)/a.txt")])
    }

    @Test func aFailedReplaceKeepsTheOldFileAndSaysSo() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/s.svg"
        let old = "<svg>old</svg>\n"
        try Self.write(old, path)
        #expect(throws: OutputFile.WriteFailure(message: "--out \(path): could not save: write: injected fault")) {
            try OutputFile.replace(path, option: "--out", kind: .svgScreen, inputs: [], with: Array("<svg>new</svg>\n".utf8),
                                   fault: .writeError)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == old)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["s.svg"], "no temporary file left")
        try OutputFile.replace(path, option: "--out", kind: .svgScreen, inputs: [], with: Array("<svg>new</svg>\n".utf8))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "<svg>new</svg>\n")
    }

    /// Issue 24 (22): the default dashboard validates every 1000 updates at ~14k updates/s (14 a
    /// second) and offers an interval record every 50 updates; an hour of that stays under 2 MB.
    @Test func anHourOfTheDefaultRunWritesUnderTwoMegabytes() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/m.jsonl"
        let trainer = try Trainer(corpus: Fixtures.corpus(), config: Fixtures.settings())
        let metrics = try SessionMetrics(path: path, inputs: [])
        metrics.start(step: 0)
        let updatesPerSecond = 14_000.0, hour = 3600.0
        var update = 0
        while Double(update) / updatesPerSecond < hour {
            update += 50
            let seconds = Double(update) / updatesPerSecond
            metrics.add(loss: 2.5, tokens: 50)
            metrics.intervalIfDue(every: 50, trainer: trainer, seconds: seconds, gradient: GradientFlow(totalNorm: 1.25),
                                  tokensPerSecond: 123_456.789)
            if update % 1000 == 0 {
                metrics.validation(Evaluation(loss: 2.345678901234, recallLoss: 1.23456789, otherLoss: 2.3456789),
                                   trainer: trainer, seconds: seconds)
            }
        }
        let records = try MetricsRecorder.read(path: path)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? .max
        #expect(size < 2_000_000, "\(size) bytes")
        let validations = records.filter { $0.type == .validation }
        #expect(validations.count > 300 && validations.count < 520, "\(validations.count)")
        // Dense at the start: one a second for the first 100 s.
        #expect(validations.filter { $0.seconds < 100 }.count >= 95)
    }
}
