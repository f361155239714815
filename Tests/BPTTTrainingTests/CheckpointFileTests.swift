import Foundation
import Testing
@testable import BPTTTraining

@Suite struct CheckpointFileTests {
    /// A fresh directory per test, removed afterwards.
    final class Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bptt-ckpt-\(UUID().uuidString)").path
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var contents: [String] { (try? FileManager.default.contentsOfDirectory(atPath: path).sorted()) ?? [] }
    }

    let sections: [(name: String, data: [UInt8])] = [
        ("config", Array("hidden = 8\n".utf8)),
        ("empty", []),
        ("weights", (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }),
        ("état", [1, 2, 3]),
    ]

    private func bytes(_ path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }
    private func put(_ bytes: [UInt8], _ path: String) { _ = FileManager.default.createFile(atPath: path, contents: Data(bytes)) }

    private func readError(_ path: String) -> CheckpointError? {
        #expect(throws: CheckpointError.self) { try CheckpointFile.read(from: path) }
    }

    @Test func roundTrip() throws {
        let folder = Folder()
        let path = folder.path + "/run.ckpt"
        try CheckpointFile.write(sections: sections, to: path)
        let read = try CheckpointFile.read(from: path)
        #expect(read.count == sections.count)
        for section in sections { #expect(read[section.name] == section.data) }
        #expect(folder.contents == ["run.ckpt"])
    }

    @Test func layoutIsAsDocumented() throws {
        let encoded = try CheckpointFile.encode([("ab", [9, 8, 7])], path: "x")
        #expect(Array(encoded[0..<8]) == Array("BPTTCKPT".utf8))
        #expect(Array(encoded[8..<12]) == [1, 0, 0, 0])                    // version 1, little-endian
        #expect(Array(encoded[12..<16]) == [1, 0, 0, 0])                   // one section
        #expect(Array(encoded[16..<24]) == [47, 0, 0, 0, 0, 0, 0, 0])      // total length: 24 + 12 + 3 + 8
        #expect(encoded.count == 47)
        #expect(Array(encoded[24..<36]) == [2, 0, 97, 98, 3, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(encoded[36..<39]) == [9, 8, 7])
        var trailer = BinaryReader(Array(encoded[39...]))
        #expect(try trailer.read(UInt64.self) == FNV1a64.hash(Array(encoded[0..<39])))
    }

    @Test func checksumMatchesPublishedFNV1aVectors() {
        #expect(FNV1a64.hash([]) == 0xCBF2_9CE4_8422_2325)
        #expect(FNV1a64.hash(Array("a".utf8)) == 0xAF63_DC4C_8601_EC8C)
        #expect(FNV1a64.hash(Array("foobar".utf8)) == 0x8594_4171_F739_67E8)
    }

    @Test func anyChangedByteIsDetected() throws {
        let folder = Folder()
        let path = folder.path + "/c.ckpt"
        try CheckpointFile.write(sections: sections, to: path)
        let original = bytes(path)
        // Past the magic and version: the total length, the table, a payload, the checksum.
        for position in [17, 30, 40, 500, original.count - 3] {
            var damaged = original
            damaged[position] ^= 0x10
            put(damaged, path)
            let error = readError(path)
            #expect(error?.kind == .corrupted || error?.kind == .truncated, "byte \(position)")
            if position != 17 { #expect(error?.message == path + ": checksum mismatch: the checkpoint is corrupted") }
        }
    }

    @Test func truncatedFileIsRefused() throws {
        let folder = Folder()
        let path = folder.path + "/t.ckpt"
        try CheckpointFile.write(sections: sections, to: path)
        let original = bytes(path)
        for length in [0, 5, 20, 30, original.count / 2, original.count - 1] {
            put(Array(original.prefix(length)), path)
            let error = readError(path)
            #expect(error?.kind == .truncated, "length \(length)")
            #expect(error?.message.hasPrefix(path + ": the checkpoint is truncated") == true)
        }
    }

    @Test func appendedBytesAreCorruption() throws {
        let folder = Folder()
        let path = folder.path + "/a.ckpt"
        try CheckpointFile.write(sections: sections, to: path)
        put(bytes(path) + [0], path)
        #expect(readError(path)?.kind == .corrupted)
    }

    @Test func foreignFilesAreRefused() {
        let folder = Folder()
        for (name, content) in [("notes.txt", Array("hello, world\n".utf8)), ("image.png", [0x89, 0x50, 0x4E, 0x47]),
                                ("x", [0x42, 0x50, 0x58])] {
            let path = folder.path + "/" + name
            put(content, path)
            let error = readError(path)
            #expect(error?.kind == .notACheckpoint)
            #expect(error?.message == path + ": not a bptt-lab checkpoint (unknown file type)")
        }
    }

    @Test func otherVersionIsRefused() throws {
        let folder = Folder()
        let path = folder.path + "/v.ckpt"
        try CheckpointFile.write(sections: sections, to: path)
        var patched = bytes(path)
        patched[8] = 4
        put(patched, path)
        let error = readError(path)
        #expect(error?.kind == .unsupportedVersion(found: 4, expected: CheckpointFile.formatVersion))
        #expect(error?.message == path + ": unsupported checkpoint version 4 (this bptt-lab reads versions 1 to 3)")
    }

    @Test func missingAndDirectoryPathsAreNamed() {
        let folder = Folder()
        let missing = readError(folder.path + "/none.ckpt")
        #expect(missing?.kind == .notFound && missing?.message == folder.path + "/none.ckpt: no such checkpoint file")
        #expect(readError(folder.path)?.kind == .unreadable)
    }

    // MARK: atomicity

    @Test(arguments: [AtomicFile.Fault.afterWriting, .beforeRename])
    func failedWriteKeepsOldFileAndLeavesNoTemp(fault: AtomicFile.Fault) throws {
        let folder = Folder()
        let path = folder.path + "/run.ckpt"
        try CheckpointFile.write(sections: [("step", [1])], to: path)
        let error = #expect(throws: CheckpointError.self) {
            try CheckpointFile.write(sections: [("step", [2])], to: path, fault: fault)
        }
        #expect(error?.kind == .writeFailed && error?.message.hasPrefix(path + ": cannot save the checkpoint") == true)
        #expect(try CheckpointFile.read(from: path)["step"] == [1])
        #expect(folder.contents == ["run.ckpt"])
    }

    @Test func realWriteFailuresLeaveNothingBehind() {
        let folder = Folder()
        // The parent directory does not exist: the temp file cannot even be created.
        let noParent = #expect(throws: CheckpointError.self) {
            try CheckpointFile.write(sections: sections, to: folder.path + "/missing/run.ckpt")
        }
        #expect(noParent?.kind == .writeFailed && noParent?.message.contains("missing/run.ckpt") == true)
        // The target is a directory: the rename fails after the data was written.
        let directoryTarget = folder.path + "/taken"
        try? FileManager.default.createDirectory(atPath: directoryTarget, withIntermediateDirectories: false)
        put([1], directoryTarget + "/inside")
        #expect(throws: CheckpointError.self) { try CheckpointFile.write(sections: sections, to: directoryTarget) }
        #expect(folder.contents == ["taken"])
    }

    @Test func badSectionListsAreRefusedBeforeTouchingDisk() {
        let folder = Folder()
        let path = folder.path + "/s.ckpt"
        for bad in [[("a", [UInt8]()), ("a", [1])], [("", [1])], [(String(repeating: "n", count: 2_000), [1])]] {
            let error = #expect(throws: CheckpointError.self) { try CheckpointFile.write(sections: bad, to: path) }
            #expect(error?.kind == .invalidArgument)
        }
        #expect(folder.contents.isEmpty)
    }

    // MARK: binary sections

    @Test func binaryWriterReaderRoundTrip() throws {
        var writer = BinaryWriter()
        writer.write(UInt8(200))
        writer.write(Int32(-123_456))
        writer.write(UInt64.max)
        writer.write(Int(-7))
        writer.write("héllo ✓")
        writer.write([Float(1), -2.25, .infinity, .leastNonzeroMagnitude])
        writer.write([Int32(1), -2, .max])
        writer.write(["a", "", "ü"])
        writer.writeBytes([9, 9])
        writer.write([Float]())

        var reader = BinaryReader(writer.bytes, context: "test")
        #expect(try reader.read(UInt8.self) == 200)
        #expect(try reader.read(Int32.self) == -123_456)
        #expect(try reader.read(UInt64.self) == .max)
        #expect(try reader.read(Int.self) == -7)
        #expect(try reader.readString() == "héllo ✓")
        #expect(try reader.readFloats() == [1, -2.25, .infinity, .leastNonzeroMagnitude])
        #expect(try reader.readIntegers(Int32.self) == [1, -2, .max])
        #expect(try reader.readStrings() == ["a", "", "ü"])
        #expect(try reader.readBytes() == [9, 9])
        #expect(try reader.readFloats() == [])
        #expect(reader.remaining == 0)
    }

    @Test func littleEndianOnDisk() {
        var writer = BinaryWriter()
        writer.write(UInt32(0x0102_0304))
        writer.write([Float(1)])
        #expect(writer.bytes == [4, 3, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x3F])
    }

    @Test func readerRefusesToReadPastTheEnd() {
        var writer = BinaryWriter()
        writer.write(UInt64(1) << 60)   // claims a huge array
        var huge = BinaryReader(writer.bytes, context: "run.ckpt, section 'weights'")
        let error = #expect(throws: CheckpointError.self) { try huge.readFloats() }
        #expect(error?.kind == .malformedSection)
        #expect(error?.message.hasPrefix("run.ckpt, section 'weights': ") == true)

        var short = BinaryReader([1, 2, 3], context: "c")
        #expect(throws: CheckpointError.self) { try short.read(UInt32.self) }
        var string = BinaryReader([10, 0, 0, 0, 65], context: "c")
        #expect(throws: CheckpointError.self) { try string.readString() }
    }
}
