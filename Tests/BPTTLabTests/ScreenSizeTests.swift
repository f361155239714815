import ArgumentParser
import Testing
@testable import BPTTLab

/// `screenshot --size`: read once, as COLUMNSxROWS, and at least the dashboard's minimum.
@Suite struct ScreenSizeTests {
    @Test func columnsByRowsIsReadAndAnythingElseIsRefused() {
        #expect(ScreenSize(argument: "120x40") == ScreenSize(width: 120, height: 40))
        #expect(ScreenSize(argument: "81X25") == ScreenSize(width: 81, height: 25))
        for text in ["", "120", "x40", "120x", "120x40x2", "120 x 40", "ax40", "120*40"] {
            #expect(ScreenSize(argument: text) == nil, "'\(text)'")
        }
    }

    @Test func theScreenshotCommandTakesItAndRefusesLessThanTheMinimum() throws {
        let command = try ScreenshotCommand.parse(["--out", "a.svg", "--size", "100x30"])
        #expect(command.size == ScreenSize(width: 100, height: 30))
        #expect(try ScreenshotCommand.parse(["--out", "a.svg"]).size == ScreenSize(width: 120, height: 40))
        #expect(throws: (any Error).self) { try ScreenshotCommand.parse(["--out", "a.svg", "--size", "79x24"]) }
        #expect(throws: (any Error).self) { try ScreenshotCommand.parse(["--out", "a.svg", "--size", "big"]) }
    }
}

/// `study truncation --reaches` and `--warmup`: read once by ArgumentParser into reaches; their
/// ranges (which depend on the config's k2) are checked in run().
@Suite struct StudyValueTests {
    @Test func reachListsAndWarmUpsAreReadAndMalformedTextIsRefused() throws {
        #expect(StudyReachList(argument: "3, 5,off")?.reaches == [.steps(3), .steps(5), .off])
        #expect(StudyReachList(argument: "")?.reaches == [], "an empty list is refused by name in run()")
        #expect(StudyReachList(argument: "3,x") == nil)
        let warmup = try #require(StudyWarmup(argument: "off:100"))
        #expect(warmup.reach == .off && warmup.updates == 100)
        #expect(StudyWarmup(argument: "5:-3")?.updates == -3, "N's range is checked in run()")
        for text in ["5", "5:", ":5", "5:6:7", "x:5", "5:y"] { #expect(StudyWarmup(argument: text) == nil, "'\(text)'") }
        let command = try TruncationStudyCommand.parse(["--reaches", "4,off", "--warmup", "16:200"])
        #expect(command.reaches?.reaches == [.steps(4), .off] && command.warmup?.reach == .steps(16))
        #expect(throws: (any Error).self) { try TruncationStudyCommand.parse(["--reaches", "four"]) }
    }

    @Test func aReachKeepsK2WherePossible() throws {
        #expect(try StudyReach.steps(5).truncation(k2: 2, option: "--reaches") == .blocks(k1: 3, k2: 2))
        #expect(try StudyReach.steps(1).truncation(k2: 2, option: "--reaches") == .blocks(k1: 1, k2: 0))
        #expect(try StudyReach.off.truncation(k2: 2, option: "--reaches") == .off)
        #expect(throws: ValidationError.self) { try StudyReach.steps(0).truncation(k2: 2, option: "--warmup") }
    }
}
