import BPTTDashboard

/// What the UI loop needs from a terminal (ratatui's `Backend`): its size, painting a frame,
/// reading a key with a timeout, whether the input has gone, and closing. `TerminalScreen` is the
/// ncurses one; `MemoryTerminal` keeps everything in memory for tests of the loop.
public protocol TerminalBackend: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Set once reading keys found the terminal gone (hang-up / EOF on stdin).
    var inputClosed: Bool { get }
    /// Paints a whole frame.
    func draw(_ grid: CellGrid)
    /// Waits at most `timeoutMilliseconds` for a key; nil on timeout or for keys without a meaning.
    /// A resize arrives as `.resize` (the size has changed by then).
    func readKey(timeoutMilliseconds: Int) -> KeyInput?
    /// Restores the terminal; idempotent.
    func close()
}
