import Foundation
import Testing
import BPTTCorpus
import BPTTNumerics
@testable import BPTTTraining

@Suite struct ConfigTests {
    private func parseError(_ text: String, file: String = "configs/x.cfg") -> ConfigError? {
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(text: text, file: file) }
    }

    // MARK: reading

    @Test func emptyTextGivesDocumentedDefaults() throws {
        let config = try ConfigLoader.parse(text: "", file: "empty.cfg")
        #expect(config == TrainingConfig())
        #expect(config.name == "default" && config.corpus == "builtin" && config.level == .char)
        #expect(config.hidden == 64 && config.batch == 16 && config.truncation == .blocks(k1: 3, k2: 2))
        #expect(config.engine == .optimized && config.optimizer == .sgd)
        #expect(config.learningRate == 0.1 && config.minImprovement == 1.003 && config.adamEpsilon == 1e-8)
        #expect(config.builtinDistance == 20 && config.l2 == 2e-5 && config.recurrentMaxNorm == 2.5 && config.builtinKeys == 4 && config.builtinSentences == 4_000)
        #expect(config.lrSchedule == .none && config.recurrentInit == .uniform && config.recurrentScale == 1)
    }

    @Test func readsCommentsQuotesAndNumbers() throws {
        let text = """
            # a comment line
              name = long-dependency   # trailing comment
            description = "reach: k1 + k2 # vs d"\r
            hidden=128
            builtin_sentences = 20_000
            learning_rate = 1e-2
            seed = 18446744073709551615
            truncation = off
            engine = naive
            prime = C#
            valid = ""
            test = "say \\"hi\\"\\n"

            """
        let config = try ConfigLoader.parse(text: text, file: "t.cfg")
        #expect(config.name == "long-dependency")
        #expect(config.description == "reach: k1 + k2 # vs d")
        #expect(config.hidden == 128)
        #expect(config.builtinSentences == 20_000)
        #expect(config.learningRate == 0.01)
        #expect(config.seed == UInt64.max)
        #expect(config.truncation == .off)
        #expect(config.engine == .naive)
        #expect(config.prime == "C#")
        #expect(config.valid == "")
        #expect(config.test == "say \"hi\"\n")
    }

    /// `truncation`, `k1` and `k2` are one value: k1 and k2 exist only with truncation = blocks,
    /// wherever the file or command line puts the truncation.
    @Test func blockSizesApplyOnlyInStreamMode() throws {
        #expect(try ConfigLoader.parse(text: "k1 = 20\ntruncation = blocks\n", file: "t.cfg").truncation == .blocks(k1: 20, k2: 2))
        for text in ["k1 = 20\ntruncation = off\n", "truncation = off\nk2 = 5\n"] {
            let error = parseError(text, file: "t.cfg")
            #expect(error?.kind == .conflict && error?.message.contains("applies only with truncation = blocks") == true,
                    "\(error?.message ?? "no error")")
        }
        let off = try ConfigLoader.parse(text: "truncation = off\n", file: "t.cfg")
        let refused = #expect(throws: ConfigError.self) { try ConfigLoader.applying(overrides: [("k1", "5")], to: off) }
        #expect(refused?.message.contains("add --truncation blocks, or leave k1 out") == true, "\(refused?.message ?? "")")
        let back = try ConfigLoader.applying(overrides: [("k1", "5"), ("truncation", "blocks")], to: off)
        #expect(back.truncation == .blocks(k1: 5, k2: 2))
        // Rendered without block sizes, read back the same, and accepted as a stored config.
        let rendered = ConfigLoader.render(off)
        #expect(!rendered.contains("\nk1 =") && !rendered.contains("\nk2 ="))
        #expect(try ConfigLoader.parse(text: rendered, file: "r.cfg") == off)
        try ConfigLoader.check(off, file: "stored")
    }

    @Test func renderedDefaultsRoundTrip() throws {
        let defaults = TrainingConfig()
        #expect(try ConfigLoader.parse(text: ConfigLoader.render(defaults), file: "r.cfg") == defaults)
    }

    @Test func renderedTrickyValuesRoundTrip() throws {
        var config = TrainingConfig()
        config.name = "run #2"
        config.description = "  padded \"quoted\" back\\slash\ttab "
        config.prime = "line one\nline two"
        config.corpus = "data/my text.txt"
        config.level = .word
        config.learningRate = 0.000123
        config.adamEpsilon = 1e-12
        config.seed = 12_345_678_901
        config.optimizer = .sgd
        config.lrSchedule = .none
        config.probeMaxShare = 0.5
        let text = ConfigLoader.render(config)
        #expect(try ConfigLoader.parse(text: text, file: "r.cfg") == config)
        #expect(text.contains("hidden = 64"))
    }

    @Test func keyDocumentationCoversEveryKey() {
        let docs = ConfigLoader.keyDocumentation
        let names = docs.map(\.key)
        #expect(Set(names).count == names.count)
        #expect(names.count == 54)
        for expected in ["name", "corpus", "level", "builtin_distance", "cell", "k1", "k2", "engine", "lr_schedule",
                         "probe_max_share", "run_dir", "metrics_every", "output", "classes", "class_binning", "sparse_updates"] {
            #expect(names.contains(expected))
        }
        let hidden = docs.first { $0.key == "hidden" }
        #expect(hidden?.type == "integer 1...4096" && hidden?.defaultValue == "64")
        #expect(docs.first { $0.key == "engine" }?.type == "naive|optimized")
        #expect(docs.first { $0.key == "learning_rate" }?.type == "number > 0")
        #expect(docs.allSatisfy { !$0.help.isEmpty })
    }

    // MARK: errors name file, line and key

    @Test func unknownKeySuggestsClosest() {
        let error = parseError("hidden = 3\n\nhiden = 3\n")
        #expect(error?.kind == .unknownKey && error?.line == 3 && error?.key == "hiden")
        #expect(error?.message.hasPrefix("configs/x.cfg:3: unknown key 'hiden' (did you mean 'hidden'?); allowed keys: name, ") == true)
        let transposed = parseError("lerning_rate = 1")
        #expect(transposed?.message.contains("did you mean 'learning_rate'?") == true)
        let far = parseError("zzzzzzzz = 1")
        #expect(far?.message.contains("did you mean") == false)
        #expect(far?.message.contains("allowed keys:") == true)
    }

    @Test(arguments: [
        ("batch = x", ConfigError.Kind.wrongType, "key 'batch' expects an integer in 1...1024, got 'x'"),
        ("batch = 2.5", .wrongType, "key 'batch' expects an integer in 1...1024, got '2.5'"),
        ("batch = 2000", .outOfRange, "key 'batch' expects an integer in 1...1024, got '2000'"),
        ("batch = 99999999999999999999", .outOfRange, "key 'batch' expects an integer in 1...1024"),
        ("k2 = -1", .outOfRange, "key 'k2' expects an integer in 0...1000, got '-1'"),
        ("learning_rate = 0", .outOfRange, "key 'learning_rate' expects a number > 0, got '0'"),
        ("learning_rate = fast", .wrongType, "key 'learning_rate' expects a number > 0, got 'fast'"),
        ("learning_rate = nan", .wrongType, "key 'learning_rate' expects a number > 0, got 'nan'"),
        ("min_improvement = 0.99", .outOfRange, "key 'min_improvement' expects a number >= 1, got '0.99'"),
        ("probe_max_share = 0.6", .outOfRange, "key 'probe_max_share' expects a number [0, 0.5], got '0.6'"),
        ("valid_fraction = 1", .outOfRange, "key 'valid_fraction' expects a number [0, 1), got '1'"),
        ("engine = fast", .wrongType, "key 'engine' expects one of naive, optimized, got 'fast'"),
        ("level = chars", .wrongType, "key 'level' expects one of char, word, got 'chars'"),
        ("seed = -3", .outOfRange, "key 'seed' expects a non-negative 64-bit integer, got '-3'"),
        ("max_steps = x", .wrongType, "key 'max_steps' expects an integer >= 0, got 'x'"),
        ("max_vocab = 2", .outOfRange, "key 'max_vocab' must be 0 (unlimited) or at least 3, got '2'"),
        ("name = a/b", .outOfRange, "key 'name' must not contain '/', got 'a/b'"),
        ("name =", .wrongType, "key 'name' expects a non-empty string, got ''"),
    ])
    func valueErrorsNameFileLineAndKey(line: String, kind: ConfigError.Kind, reason: String) {
        let error = parseError("# header\n" + line + "\n")
        #expect(error?.kind == kind)
        #expect(error?.line == 2)
        #expect(error?.message.hasPrefix("configs/x.cfg:2: " + reason) == true, "\(error?.message ?? "no error")")
    }

    @Test func duplicateKeyNamesBothLines() {
        let error = parseError("k1 = 5\nk2 = 3\nk1 = 6\n")
        #expect(error?.kind == .duplicateKey && error?.line == 3 && error?.key == "k1")
        #expect(error?.message == "configs/x.cfg:3: duplicate key 'k1' (first set on line 1)")
    }

    @Test(arguments: [
        ("hidden 64", "expected 'key = value', got 'hidden 64'"),
        ("= 64", "missing key before '='"),
        ("hidden size = 64", "invalid key 'hidden size'"),
        ("name = \"abc", "key 'name': unterminated quoted string"),
        ("name = \"abc\" def", "key 'name': unexpected text after the closing quote: 'def'"),
        ("name = ab\"c\"", "key 'name': quote the whole value"),
        ("name = \"a\\qb\"", "key 'name': unknown escape '\\q'"),
    ])
    func syntaxErrorsNameFileAndLine(line: String, reason: String) {
        let error = parseError("hidden = 8\n" + line)
        #expect(error?.kind == .syntax && error?.line == 2)
        #expect(error?.message.hasPrefix("configs/x.cfg:2: " + reason) == true, "\(error?.message ?? "no error")")
    }

    @Test func crossKeyConflictsPointAtTheLaterKey() {
        let fractions = parseError("test_fraction = 0.5\nhidden = 3\nvalid_fraction = 0.6\n")
        #expect(fractions?.kind == .conflict && fractions?.line == 3 && fractions?.key == "valid_fraction")
        #expect(fractions?.message.contains("valid_fraction + test_fraction must be below 1") == true)
        let level = parseError("level = word\n")
        #expect(level?.kind == .conflict && level?.line == 1)
        #expect(level?.message.contains("level must be char for the built-in corpus") == true)
        #expect(throws: Never.self) { try ConfigLoader.parse(text: "level = word\ncorpus = a.txt\n", file: "x") }
        let huge = parseError("builtin_distance = 1000\nbuiltin_sentences = 10000000\n")
        #expect(huge?.kind == .conflict && huge?.line == 2)
        #expect(huge?.message.contains("lower builtin_sentences") == true)
    }

    @Test func unreadableFilesAreNamed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bptt-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = #expect(throws: ConfigError.self) { try ConfigLoader.load(path: dir + "/none.cfg") }
        #expect(missing?.kind == .unreadableFile && missing?.message == dir + "/none.cfg: no such config file")
        let directory = #expect(throws: ConfigError.self) { try ConfigLoader.load(path: dir) }
        #expect(directory?.message.contains("is a directory") == true)
        let binary = dir + "/bin.cfg"
        _ = FileManager.default.createFile(atPath: binary, contents: Data([0x68, 0xFF, 0xFE]))
        let notText = #expect(throws: ConfigError.self) { try ConfigLoader.load(path: binary) }
        #expect(notText?.message == binary + ": the file is not UTF-8 text")
    }

    // MARK: overrides and paths

    @Test func commandLineOverridesApply() throws {
        let base = try ConfigLoader.parse(text: "hidden = 32\nk1 = 4\n", file: "b.cfg")
        let config = try ConfigLoader.applying(overrides: [("hidden", "128"), ("--learning-rate", "0.01"), ("k1", "6")], to: base)
        #expect(config.hidden == 128 && config.learningRate == 0.01 && config.truncation == .blocks(k1: 6, k2: 2))
        #expect(try ConfigLoader.applying(overrides: [("truncation", "off")], to: base).truncation == .off)
        let split = try ConfigLoader.override(fromArgument: "--clip-norm=1.5")
        #expect(split.key == "clip_norm" && split.value == "1.5")
    }

    @Test func aKeyGivenTwiceOnTheCommandLineIsAnError() {
        // Also when spelled two ways: --learning-rate and learning_rate are the same key.
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.applying(overrides: [("k1", "5"), ("hidden", "8"), ("--k1", "6")], to: TrainingConfig())
        }
        #expect(error?.kind == .duplicateKey && error?.key == "k1")
        #expect(throws: ConfigError.self) {
            try ConfigLoader.applying(overrides: [("--learning-rate", "0.1"), ("learning_rate", "0.2")], to: TrainingConfig())
        }
    }

    @Test func commandLineErrorsNameKeyAndSource() {
        let unknown = #expect(throws: ConfigError.self) {
            try ConfigLoader.applying(overrides: [("--hiden", "3")], to: TrainingConfig())
        }
        #expect(unknown?.line == nil && unknown?.file == "command line")
        #expect(unknown?.message.hasPrefix("command line: unknown key 'hiden' (did you mean 'hidden'?)") == true)
        let wrong = #expect(throws: ConfigError.self) {
            try ConfigLoader.applying(overrides: [("batch", "many")], to: TrainingConfig())
        }
        #expect(wrong?.message == "command line: key 'batch' expects an integer in 1...1024, got 'many'")
        let conflict = #expect(throws: ConfigError.self) {
            try ConfigLoader.applying(overrides: [("valid_fraction", "0.95")], to: TrainingConfig())
        }
        #expect(conflict?.kind == .conflict && conflict?.message.hasPrefix("command line: ") == true)
        #expect(throws: ConfigError.self) { try ConfigLoader.override(fromArgument: "hidden") }
    }

    @Test func relativeDataPathsResolveNextToConfigFirst() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bptt-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/configs/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/configs/data/train.txt", contents: Data("abc\n".utf8))
        let path = dir + "/configs/run.cfg"
        try "corpus = data/train.txt\nvalid = elsewhere/v.txt\ntest = /abs/t.txt\ncheckpoint = out.ckpt\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(path: path)
        #expect(config.corpus == dir + "/configs/data/train.txt")
        let withMark = dir + "/configs/bom.cfg"
        _ = FileManager.default.createFile(atPath: withMark, contents: Data([0xEF, 0xBB, 0xBF] + Array("hidden = 7\n".utf8)))
        #expect(try ConfigLoader.load(path: withMark).hidden == 7)
        #expect(config.valid == "elsewhere/v.txt")      // not next to the config: left for the current directory
        #expect(config.test == "/abs/t.txt")
        #expect(config.checkpoint == "out.ckpt")        // outputs are never resolved
        let builtin = ConfigLoader.resolvingDataPaths(of: TrainingConfig(), relativeTo: path)
        #expect(builtin.corpus == "builtin")
    }

    @Test func configLoadsItsCorpus() throws {
        var config = TrainingConfig()
        config.builtinSentences = 50
        config.builtinDistance = 6
        let corpus = try config.loadCorpus()
        #expect(corpus.dependencyDistance == 6 && corpus.train.sentences.count == 50)
        config.corpus = "/nonexistent/corpus.txt"
        let error = #expect(throws: CorpusError.self) { try config.loadCorpus() }
        #expect(error?.kind == .missingFile)
    }
}
