import Testing
@testable import BPTTNumerics

/// Bad windows are rejected with a message that names the field and the fix.
struct ValidationTests {
    static func message(_ w: SequenceWindow, vocabulary: Int = 5) -> String? {
        do { try w.validate(vocabulary: vocabulary); return nil } catch { return "\(error)" }
    }

    @Test func windowsAreCheckedFieldByField() {
        let good = SequenceWindow(length: 2, batch: 2, inputs: [0, 1, 2, 3], targets: [1, 2, 3, 4])
        #expect(Self.message(good) == nil)
        var w = good
        w.inputs = [0, 1, 2]
        #expect(Self.message(w) == "window inputs has 3 tokens, expected length*batch = 4")
        w = good
        w.targets = [1, 2, 3, 5]
        #expect(Self.message(w) == "window target token 5 at index 3 is outside the vocabulary 0..<5")
        w = good
        w.inputs = [0, -1, 2, 3]
        #expect(Self.message(w) == "window input token -1 at index 1 is outside the vocabulary 0..<5")
        w = good
        w.mask = [1, 1, 1]
        #expect(Self.message(w) == "window mask has 3 weights, expected length*batch = 4")
        w.mask = [1, .nan, 1, 1]
        #expect(Self.message(w) == "window mask weight at index 1 is not finite")
        w = good
        w.firstOutput = 3
        #expect(Self.message(w) == "window firstOutput 3 is outside 0...2")
        w = good
        w.length = 0
        #expect(Self.message(w)?.contains("length >= 1") == true)
    }
}
