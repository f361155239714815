import Foundation
import Testing
@testable import BPTTCorpus

/// Issue 24 (11) (17): what a text corpus may hold and how large it may be, and how errors quote values.
@Suite struct TextLimitsTests {
    private func decodeError(_ text: [UInt8]) -> CorpusError? {
        do { _ = try TextFile.decode(text, file: "t.txt"); return nil } catch { return error as? CorpusError }
    }

    @Test func tabLineFeedCarriageReturnAndFormFeedAreText() {
        #expect(decodeError(Array("a\tb\r\nc\u{0C}d\n".utf8)) == nil)
        #expect(decodeError(Array("é ü 日本\n".utf8)) == nil)   // bytes >= 0x80 of UTF-8 are not controls
    }

    @Test(arguments: [UInt8(0x00), 0x01, 0x07, 0x0B, 0x1B, 0x1F, 0x7F])
    func otherControlBytesAreRefusedWithOffsetAndLine(_ byte: UInt8) {
        let error = decodeError(Array("one\ntwo\nab".utf8) + [byte] + Array("c\n".utf8))
        #expect(error?.kind == .controlCharacter(byteOffset: 10, line: 3), "\(String(describing: error))")
        #expect(error?.message.contains("at byte offset 10, line 3") == true)
    }

    @Test func theByteOrderMarkIsSkippedButOffsetsCountFromTheFileStart() {
        let error = decodeError([0xEF, 0xBB, 0xBF] + Array("x".utf8) + [0])
        #expect(error?.kind == .controlCharacter(byteOffset: 4, line: 1))
    }

    @Test func aFileOverTheLimitIsRefusedFromItsSize() throws {
        let path = NSTemporaryDirectory() + "bptt-limit-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 0x61, count: 2_000).write(to: URL(fileURLWithPath: path))
        #expect(try TextFile.readBytes(path, limit: 2_000).count == 2_000)
        do {
            _ = try TextFile.readBytes(path, limit: 1_999)
            Issue.record("a file over the limit was read")
        } catch let error as CorpusError {
            #expect(error.kind == .tooLarge(bytes: 2_000, limit: 1_999))
            #expect(error.message.contains("the file is 1.9 KiB; text files are limited to 1.9 KiB"), "\(error.message)")
        }
    }

    @Test func sizesAreShownInBinaryUnits() {
        #expect(TextLimits.describe(bytes: 1 << 30) == "1.0 GiB")
        #expect(TextLimits.describe(bytes: TextLimits.maximumFileBytes) == "128 MiB")
        #expect(TextLimits.describe(bytes: 1536) == "1.5 KiB")
        #expect(TextLimits.describe(bytes: 12) == "12 bytes")
    }

    @Test func errorValuesAreCutToEightyCharacters() {
        #expect(ErrorValue.cut("short") == "short")
        let exact = String(repeating: "y", count: 80)
        #expect(ErrorValue.cut(exact) == exact)
        let long = String(repeating: "z", count: 1_000_000)
        #expect(ErrorValue.cut(long) == String(repeating: "z", count: 80) + "… (1000000 bytes in all)")
    }

    @Test func longWordsOfAMessageAreCut() {
        let message = "Error: The value '" + String(repeating: "9", count: 500) + "' is invalid"
        #expect(ErrorValue.cutLongWords(in: message)
            == "Error: The value '" + String(repeating: "9", count: 79) + "… (502 bytes in all) is invalid")
        #expect(ErrorValue.cutLongWords(in: "short words only") == "short words only")
    }
}
