import Testing
@testable import BPTTCorpus

@Suite struct CorpusDescribeTests {
    @Test(arguments: [(950, "950"), (1_000, "1.0k"), (9_949, "9.9k"), (9_950, "10k"), (95_400, "95k"),
                      (999_499, "999k"), (999_500, "1.0M"), (1_234_567, "1.2M"), (18_000_000, "18M")])
    func countsAreAbbreviated(n: Int, text: String) {
        #expect(Corpus.abbreviated(n) == text)
    }
}
