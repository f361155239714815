import Testing
@testable import BPTTCorpus
import BPTTNumerics

@Suite struct UTF8ValidationTests {
    @Test(arguments: [
        ([0x61, 0x80, 0x62], 1),                 // lone continuation byte
        ([0x61, 0x62, 0xC0, 0xAF], 2),           // overlong "/"
        ([0xE0, 0x80, 0xAF], 0),                 // overlong 3-byte form
        ([0x61, 0xED, 0xA0, 0x80], 1),           // UTF-16 surrogate
        ([0xF4, 0x90, 0x80, 0x80], 0),           // above U+10FFFF
        ([0x68, 0x69, 0xE2, 0x9C], 2),           // sequence cut off at the end
        ([0xC3, 0xA9, 0xFF], 2),                 // byte that never occurs in UTF-8
        ([0xE2, 0x9C, 0x93, 0xC3, 0x28], 3),     // bad continuation after a valid scalar
    ] as [([UInt8], Int)])
    func reportsFirstBadOffset(bytes: [UInt8], offset: Int) {
        #expect(UTF8Validation.firstInvalidOffset(bytes) == offset)
    }

    @Test func acceptsValidText() {
        let text = "ASCII, é, ✓, 𝄞, 中文"
        #expect(UTF8Validation.firstInvalidOffset(Array(text.utf8)) == nil)
    }

    /// Agrees with the standard library's own validation on random byte strings.
    @Test func agreesWithStandardLibraryOnRandomBytes() {
        var random = SplitMix64(seed: 7)
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x90, 0x8F]
        for _ in 0..<3_000 {
            let bytes = (0..<random.below(8)).map { _ in interesting[random.below(interesting.count)] }
            let ours = UTF8Validation.firstInvalidOffset(bytes) == nil
            let standard = String(validating: bytes, as: UTF8.self) != nil
            #expect(ours == standard, "bytes \(bytes)")
        }
    }
}
