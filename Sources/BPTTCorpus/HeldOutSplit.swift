/// Which parts of the training file become validation and test text when they have no files.
///
/// Whole lines are interleaved: with held-out share h = valid + test, line i (0-based, blank lines
/// not counted) is held out when floor((i+1)·h) > floor(i·h), which spreads floor(n·h) lines
/// evenly over the file, so every part sees the whole text's range. Held-out lines alternate
/// between validation and test by the same rule with share valid/h, validation first. With the
/// defaults (0.1 / 0.1) lines 5, 15, 25, … (1-based) are validation and 10, 20, 30, … are test.
///
/// A file with too few lines for that (a requested part would get no line) is instead cut by
/// tokens: the last `test` share is test, the `valid` share before it is validation.
/// Shares are rounded to millionths so the result is exact integer arithmetic.
enum HeldOutSplit {
    struct Parts: Equatable {
        var train: TokenStream
        var valid: TokenStream
        var test: TokenStream
    }

    static func split(_ stream: TokenStream, valid: Double, test: Double, file: String) throws -> Parts {
        let v = ppm(valid), t = ppm(test)
        if v == 0 && t == 0 { return Parts(train: stream, valid: .empty, test: .empty) }
        let lines = interleavedLines(count: stream.sentences.count, validPPM: v, testPPM: t)
        if (v == 0 || !lines.valid.isEmpty) && (t == 0 || !lines.test.isEmpty) && lines.train.count > 0 {
            return Parts(train: stream.selecting(sentencesAt: lines.train),
                         valid: stream.selecting(sentencesAt: lines.valid),
                         test: stream.selecting(sentencesAt: lines.test))
        }
        let n = stream.count
        let testTokens = n * t / million, validTokens = n * v / million
        let trainEnd = n - testTokens - validTokens
        if (v > 0 && validTokens == 0) || (t > 0 && testTokens == 0) || trainEnd < 2 {
            throw CorpusError(kind: .tooShort(have: n, need: minimumTokens(validPPM: v, testPPM: t)), file: file,
                              message: "\(file): too short (\(n) tokens) to hold out validation and test text; "
                                  + "give separate valid/test files or set valid_fraction and test_fraction to 0")
        }
        return Parts(train: stream.slice(0..<trainEnd),
                     valid: stream.slice(trainEnd..<(trainEnd + validTokens)),
                     test: stream.slice((trainEnd + validTokens)..<n))
    }

    /// Line indices of each part, in file order.
    static func interleavedLines(count: Int, validPPM v: Int, testPPM t: Int) -> (train: [Int], valid: [Int], test: [Int]) {
        var train: [Int] = [], valid: [Int] = [], test: [Int] = []
        let h = v + t
        var heldOut = 0
        for i in 0..<count {
            guard h > 0, (i + 1) * h / million > i * h / million else { train.append(i); continue }
            // Validation first: the j-th held-out line is test when the test share's count steps up.
            if (heldOut + 1) * t / h > heldOut * t / h { test.append(i) } else { valid.append(i) }
            heldOut += 1
        }
        return (train, valid, test)
    }

    private static let million = 1_000_000

    private static func ppm(_ fraction: Double) -> Int { Int((fraction * Double(million)).rounded()) }

    private static func minimumTokens(validPPM v: Int, testPPM t: Int) -> Int {
        let smallest = [v, t].filter { $0 > 0 }.min() ?? million
        return (million + smallest - 1) / smallest + 2
    }
}
