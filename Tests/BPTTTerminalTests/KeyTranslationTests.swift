import BPTTDashboard
import Testing
@testable import BPTTTerminal

@Suite struct KeyTranslationTests {
    @Test func controlCharactersBecomeNamedKeys() {
        let expected: [(UInt32, KeyInput?)] = [
            (0x03, .interrupt), (0x09, .tab), (0x0A, .enter), (0x0D, .enter), (0x1B, .escape),
            (0x7F, .backspace), (0x08, .backspace), (0x01, nil), (0x1A, nil), (0x00, nil),
        ]
        for (code, key) in expected {
            #expect(KeyTranslator.translate(.character(code)) == key, "character \(code)")
        }
    }

    @Test func printableCharactersPassThrough() {
        #expect(KeyTranslator.translate(.character(0x71)) == .character("q"))
        #expect(KeyTranslator.translate(.character(0x20)) == .character(" "))
        #expect(KeyTranslator.translate(.character(0x3F)) == .character("?"))
        #expect(KeyTranslator.translate(.character(0x53)) == .character("S"))
        #expect(KeyTranslator.translate(.character(0xE9)) == .character("é"))
        #expect(KeyTranslator.translate(.character(0xD800)) == nil)        // a lone surrogate is no scalar
    }

    @Test func ncursesFunctionKeysMatchCursesHeaderValues() {
        // The octal values from curses.h, so the table is checked against ncurses, not against itself.
        let codes = KeyCodes.ncurses
        #expect(codes.down == 0o402 && codes.up == 0o403 && codes.left == 0o404 && codes.right == 0o405)
        #expect(codes.home == 0o406 && codes.backspace == 0o407 && codes.pageDown == 0o522)
        #expect(codes.pageUp == 0o523 && codes.enter == 0o527 && codes.backTab == 0o541)
        #expect(codes.end == 0o550 && codes.resize == 0o632)
    }

    @Test func functionKeysTranslate() {
        let expected: [(Int32, KeyInput?)] = [
            (0o404, .left), (0o405, .right), (0o403, .up), (0o402, .down), (0o541, .backTab),
            (0o527, .enter), (0o407, .backspace), (0o406, .home), (0o550, .end), (0o523, .pageUp),
            (0o522, .pageDown), (0o632, .resize),
            (0o410 + 1, nil),                                  // F1: no meaning here
            (0o631, nil),                                      // KEY_MOUSE: mouse is not enabled
        ]
        for (code, key) in expected {
            #expect(KeyTranslator.translate(.function(code)) == key, "function key \(code)")
        }
    }

    @Test func namesAreReadable() {
        #expect(KeyTranslator.name(of: .character(" ")) == "space")
        #expect(KeyTranslator.name(of: .character("x")) == "x")
        #expect(KeyTranslator.name(of: .backTab) == "shift-tab")
        #expect(KeyTranslator.name(of: .interrupt) == "ctrl-c")
    }
}
