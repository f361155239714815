import BPTTDashboard
import CNcurses

/// What ncurses' wget_wch delivered: a Unicode character or a function-key code.
public enum RawKey: Equatable, Sendable {
    case character(UInt32)
    case function(Int32)
}

/// The ncurses function-key codes the translation needs (macros in curses.h, read through the shim).
public struct KeyCodes: Sendable {
    public var left, right, up, down, backTab, enter, backspace, home, end, pageUp, pageDown, resize: Int32

    public static let ncurses = KeyCodes(
        left: bptt_key_left(), right: bptt_key_right(), up: bptt_key_up(), down: bptt_key_down(),
        backTab: bptt_key_btab(), enter: bptt_key_enter(), backspace: bptt_key_backspace(),
        home: bptt_key_home(), end: bptt_key_end(), pageUp: bptt_key_ppage(), pageDown: bptt_key_npage(),
        resize: bptt_key_resize())
}

public enum KeyTranslator {
    /// Pure translation; nil for keys the dashboard has no use for (other control characters,
    /// function keys without a meaning here), which the loop then ignores.
    public static func translate(_ raw: RawKey, codes: KeyCodes = .ncurses) -> KeyInput? {
        switch raw {
        case .character(let value):
            switch value {
            case 0x03: return .interrupt            // Ctrl-C (raw mode delivers it as a byte)
            case 0x09: return .tab
            case 0x0A, 0x0D: return .enter          // nonl() gives CR; some terminals send LF
            case 0x1B: return .escape
            case 0x08, 0x7F: return .backspace
            case 0..<0x20: return nil
            default:
                guard let scalar = Unicode.Scalar(value) else { return nil }
                return .character(Character(scalar))
            }
        case .function(let code):
            switch code {
            case codes.left: return .left
            case codes.right: return .right
            case codes.up: return .up
            case codes.down: return .down
            case codes.backTab: return .backTab
            case codes.enter: return .enter
            case codes.backspace: return .backspace
            case codes.home: return .home
            case codes.end: return .end
            case codes.pageUp: return .pageUp
            case codes.pageDown: return .pageDown
            case codes.resize: return .resize
            default: return nil
            }
        }
    }

    /// A short readable name (used by the demo and in logs).
    public static func name(of key: KeyInput) -> String {
        switch key {
        case .character(" "): return "space"
        case .character(let c): return String(c)
        case .left: return "left"
        case .right: return "right"
        case .up: return "up"
        case .down: return "down"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .enter: return "enter"
        case .escape: return "esc"
        case .backspace: return "backspace"
        case .pageUp: return "page-up"
        case .pageDown: return "page-down"
        case .home: return "home"
        case .end: return "end"
        case .interrupt: return "ctrl-c"
        case .resize: return "resize"
        }
    }
}
