import Foundation
import Testing
import BPTTCorpus
@testable import BPTTTraining

/// `bptt-lab corpus`: the three texts a run reads, written so that another tool reads the same tokens.
@Suite struct CorpusExportTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "bptt-lab-export-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    @Test func theWrittenTextsReadBackAsTheSameTokens() throws {
        var config = ClassOutputTrainingTests.config()
        config.maxVocab = 12 // so some words read as <unk>
        let corpus = try config.loadCorpus()
        let out = try Self.folder()
        let paths = try CorpusExport.write(corpus, to: out, inputs: config.inputFiles)
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["train.txt", "valid.txt", "test.txt"])
        for (path, stream) in zip(paths, [corpus.train, corpus.valid, corpus.test]) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            // Read with the run's vocabulary, the file gives back the run's tokens exactly.
            #expect(corpus.vocabulary.encode(text, level: .word) == stream.tokens, "\(path)")
            #expect(!stream.tokens.isEmpty)
        }
        let train = try String(contentsOfFile: paths[0], encoding: .utf8)
        #expect(train.contains(Vocabulary.unknownToken) && train.hasSuffix(".\n"))
    }

    @Test func anInputOfTheRunIsNeverReplaced() throws {
        let out = try Self.folder()
        let input = (out as NSString).appendingPathComponent("train.txt")
        try Data(ClassOutputTrainingTests.text.utf8).write(to: URL(fileURLWithPath: input))
        var config = ClassOutputTrainingTests.config()
        config.corpus = input
        let corpus = try config.loadCorpus()
        #expect(throws: OutputFile.Refusal.self) { try CorpusExport.write(corpus, to: out, inputs: config.inputFiles) }
        #expect(try String(contentsOfFile: input, encoding: .utf8) == ClassOutputTrainingTests.text)
        #expect(!FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent("valid.txt")))
    }
}
