import BPTTDashboard
import CNcurses
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Registers the atexit restore once per process: a plain `exit()` while a screen is open (from any
/// code path) still leaves the shell usable.
private let atexitRestoreRegistered: Bool = {
    atexit { bptt_endwin_if_active() }
    return true
}()

/// The only object that talks to ncurses: the real `TerminalBackend`. Not Sendable: create, use and
/// close it on the main thread.
public final class TerminalScreen: TerminalBackend {
    public let colorMode: ColorMode
    public var colorEnabled: Bool { colorMode != .monochrome }
    /// False when the locale cannot encode Unicode: box drawing and braille are then drawn as ASCII.
    public let unicodeGlyphs: Bool
    /// Set when reading keys found the terminal gone (hang-up / EOF on stdin).
    public private(set) var inputClosed = false

    /// Never deleted: the atexit restore calls isendwin(), which must not meet a freed screen.
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let dispositionsBeforeOpen: SavedDispositions
    private let maskBeforeOpen: ThreadSignalMask
    private var looks: [(attributes: UInt32, pair: Int16)]
    private var lastFrame: CellGrid?
    private var closed = false

    /// Throws `TerminalUnavailable` when the dashboard could not open here (no tty on stdin or
    /// stdout, TERM unset or unusable), without touching the terminal: callers check this before
    /// they create files or start work that only makes sense with a screen.
    public static func checkAvailable() throws {
        let environment = ProcessInfo.processInfo.environment
        if let problem = TerminalUnavailable.preflight(
            stdinIsTerminal: isatty(STDIN_FILENO) == 1, stdoutIsTerminal: isatty(STDOUT_FILENO) == 1,
            term: environment["TERM"], probe: { TerminfoProbe(shimResult: bptt_probe_term($0)) }) {
            throw problem
        }
    }

    /// Opens the terminal, or throws `TerminalUnavailable` (never exits, never hangs).
    public init(colorPreference: ColorPreference = .auto) throws {
        try Self.checkAvailable()
        let environment = ProcessInfo.processInfo.environment
        unicodeGlyphs = Self.selectLocale()
        // newterm installs ncurses' own SIGINT/SIGTERM (restore and exit 1), SIGTSTP and SIGWINCH
        // handlers; TerminalApp.run replaces the first two while it runs, close() puts back the
        // dispositions from before.
        dispositionsBeforeOpen = SavedDispositions.current([SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGWINCH])
        maskBeforeOpen = ThreadSignalMask.unblocking([SIGWINCH] + SignalTrap.ended)
        guard let screen = bptt_newterm_stdio() else {
            dispositionsBeforeOpen.restore()
            maskBeforeOpen.restore()
            throw TerminalUnavailable(.openFailed(environment["TERM"] ?? ""))
        }
        _ = atexitRestoreRegistered
        CrashRestore.install()
        self.screen = screen
        guard let window = bptt_stdscr() else {
            endwin()
            dispositionsBeforeOpen.restore()
            maskBeforeOpen.restore()
            throw TerminalUnavailable(.openFailed(environment["TERM"] ?? ""))
        }
        self.window = window
        set_escdelay(25)          // Esc alone should feel instant; escape sequences arrive together
        raw()                     // Ctrl-C arrives as a key (TerminalApp.run traps SIGINT from outside)
        noecho()
        nonl()
        keypad(window, true)
        intrflush(window, false)
        leaveok(window, true)
        typeahead(-1)             // paint whole frames: frames are paced, keys are read right after
        curs_set(0)
        // ncurses 6 flushes its output buffer after every cursor jump until the screen has once been
        // suspended and resumed (measured: ~95 write(2) calls per frame of the demo, ~1 after).
        // One endwin + doupdate before anything is drawn switches it to normal buffering.
        endwin()
        doupdate()

        // start_color only when colour may be used: without use_default_colors it would repaint the
        // terminal white on black, which a NO_COLOR user on a light background does not want.
        let hasColors = has_colors()
        let colorAllowed = colorPreference == .always
            || (colorPreference == .auto && (environment["NO_COLOR"] ?? "").isEmpty)
        var defaultColors = false
        if hasColors && colorAllowed {
            start_color()
            defaultColors = use_default_colors() == OK      // -1 = the terminal's own fg/bg
        }
        colorMode = ColorMode.choose(
            preference: colorPreference, noColorEnvironment: environment["NO_COLOR"],
            terminalHasColors: hasColors, colors: Int(bptt_colors()), colorPairs: Int(bptt_color_pairs()))
        looks = []
        looks = prepareLooks(defaultColors: defaultColors)
    }

    deinit { close() }

    public var size: (width: Int, height: Int) {
        (Int(max(0, getmaxx(window))), Int(max(0, getmaxy(window))))
    }

    /// Paints the cells that changed since the last frame (all of them after a resize or size
    /// change), then updates the physical screen with one doupdate.
    public func draw(_ grid: CellGrid) {
        guard !closed else { return }
        let (width, height) = size
        let changed = FrameDiff.changedIndices(from: lastFrame, to: grid)
        if changed == nil { werase(window) }         // leftovers outside a smaller grid
        grid.cells.withUnsafeBufferPointer { cells in
            func paint(_ index: Int) {
                let y = index / grid.width, x = index % grid.width
                guard x < width && y < height else { return }
                let cell = cells[index]
                let look = looks[Int(cell.style.rawValue)]
                let scalar = unicodeGlyphs ? cell.scalar : GlyphFallback.ascii(cell.scalar)
                _ = bptt_put_wch(window, Int32(y), Int32(x), wchar_t(scalar.value), look.attributes, look.pair)
            }
            if let changed {
                for index in changed { paint(index) }
            } else {
                for index in 0..<cells.count { paint(index) }
            }
        }
        lastFrame = grid
        wnoutrefresh(window)
        doupdate()
    }

    /// Waits at most `timeoutMilliseconds` for a key. Returns nil on timeout or for keys without a
    /// meaning here. A resize also forces the next frame to repaint everything.
    public func readKey(timeoutMilliseconds: Int) -> KeyInput? {
        guard !closed else { return nil }
        var code: UInt32 = 0
        let kind = bptt_read_key(window, Int32(clamping: max(0, timeoutMilliseconds)), &code)
        let raw: RawKey
        switch kind {
        case 1: raw = .character(code)
        case 2: raw = .function(Int32(bitPattern: code))
        default:
            if timeoutMilliseconds > 0 && Self.stdinHungUp() { inputClosed = true }
            return nil
        }
        let key = KeyTranslator.translate(raw)
        if key == .resize {
            lastFrame = nil
            clearok(bptt_curscr(), true)             // the terminal may have reflowed: repaint it all
        }
        return key
    }

    /// Leaves curses mode and restores the terminal (modes, cursor, main screen) and the signal
    /// dispositions from before; idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        curs_set(1)
        endwin()
        dispositionsBeforeOpen.restore()
        maskBeforeOpen.restore()
    }

    // MARK: - Setup helpers

    /// LC_CTYPE only: ncurses needs the character set, and leaving LC_NUMERIC alone keeps number
    /// parsing elsewhere independent of the user's locale. When no locale is configured at all (bare
    /// containers, CI) C.UTF-8 is used; a non-UTF-8 locale chosen by the user gets ASCII glyphs.
    private static func selectLocale() -> Bool {
        setlocale(LC_CTYPE, "")
        if bptt_locale_is_utf8() != 0 { return true }
        let environment = ProcessInfo.processInfo.environment
        let configured = ["LC_ALL", "LC_CTYPE", "LANG"].contains { !(environment[$0] ?? "").isEmpty }
        if !configured, setlocale(LC_CTYPE, "C.UTF-8") != nil, bptt_locale_is_utf8() != 0 { return true }
        return false
    }

    /// One (attributes, colour pair) per possible StyleID raw value; unknown ids look like `.normal`.
    /// Without default-colour support, -1 stands for white on black (ncurses' pair 0).
    private func prepareLooks(defaultColors: Bool) -> [(attributes: UInt32, pair: Int16)] {
        var pairs: [[Int16]: Int16] = [[-1, -1]: 0]
        var table: [(attributes: UInt32, pair: Int16)] = []
        for raw in 0...Int(UInt8.max) {
            let look = StyleTable.look(for: StyleID(rawValue: UInt8(raw)), mode: colorMode)
            var pair: Int16 = 0
            if colorMode != .monochrome {
                let key = [look.foreground, look.background]
                if let known = pairs[key] {
                    pair = known
                } else {
                    pair = Int16(pairs.count)
                    let fg = look.foreground >= 0 || defaultColors ? look.foreground : 7
                    let bg = look.background >= 0 || defaultColors ? look.background : 0
                    init_pair(pair, fg, bg)
                    pairs[key] = pair
                }
            }
            table.append((Self.curses(look.attributes), pair))
        }
        return table
    }

    private static func curses(_ attributes: TextAttributes) -> UInt32 {
        var value = bptt_attr_normal()
        if attributes.contains(.bold) { value |= bptt_attr_bold() }
        if attributes.contains(.dim) { value |= bptt_attr_dim() }
        if attributes.contains(.reverse) { value |= bptt_attr_reverse() }
        if attributes.contains(.underline) { value |= bptt_attr_underline() }
        return value
    }

    /// After a read returned early with nothing: is stdin's terminal gone? (Otherwise the loop would
    /// spin at full speed on a closed terminal instead of ending.)
    private static func stdinHungUp() -> Bool {
        var fd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&fd, 1, 0) == 1 else { return false }
        return fd.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }
}
