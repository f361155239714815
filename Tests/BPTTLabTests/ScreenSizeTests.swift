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
