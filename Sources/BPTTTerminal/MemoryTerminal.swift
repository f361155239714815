import BPTTDashboard

/// A terminal in memory, for tests of the UI loop without a tty (ratatui's `TestBackend`): a
/// script of inputs at given times on a virtual millisecond clock, which `readKey` advances by
/// the time it would have waited; every frame drawn is kept with the time it was drawn. After
/// `endOfScript` milliseconds with nothing left to deliver the input counts as closed, so a loop
/// under test always ends.
public final class MemoryTerminal: TerminalBackend {
    /// What the script delivers.
    public enum Input: Equatable, Sendable {
        case key(KeyInput)
        /// The terminal is resized; the loop then reads `.resize`.
        case resize(width: Int, height: Int)
        /// A signal arrives (read through `pendingSignal`, as the loop reads `SignalTrap`).
        case signal(Int32)
        /// The terminal goes away (stdin hung up).
        case hangUp
    }

    public private(set) var size: (width: Int, height: Int)
    public private(set) var inputClosed = false
    public private(set) var closed = false
    /// The virtual clock, in milliseconds.
    public private(set) var now = 0
    /// Every frame drawn, with the virtual time it was drawn at.
    public private(set) var frames: [(at: Int, grid: CellGrid)] = []
    /// How often the loop asked for a key, and how long it offered to wait each time.
    public private(set) var waits: [Int] = []
    public var endOfScript: Int

    private var script: [(at: Int, input: Input)]
    private var signals: [Int32] = []

    public init(width: Int, height: Int, script: [(at: Int, input: Input)] = [], endOfScript: Int = 60_000) {
        size = (width, height)
        self.script = script.sorted { $0.at < $1.at }
        self.endOfScript = endOfScript
    }

    public func draw(_ grid: CellGrid) {
        guard !closed else { return }
        frames.append((now, grid))
    }

    public func readKey(timeoutMilliseconds: Int) -> KeyInput? {
        guard !closed else { return nil }
        waits.append(timeoutMilliseconds)
        let deadline = now + max(0, timeoutMilliseconds)
        guard let next = script.first, next.at <= deadline else {
            now = deadline
            if script.isEmpty && now >= endOfScript { inputClosed = true }
            return nil
        }
        script.removeFirst()
        now = max(now, next.at)
        switch next.input {
        case .key(let key):
            return key
        case .resize(let width, let height):
            size = (width, height)
            return .resize
        case .signal(let signo):
            signals.append(signo)
            return nil
        case .hangUp:
            inputClosed = true
            return nil
        }
    }

    /// The first signal delivered and not yet taken (the loop's signal source in tests).
    public func pendingSignal() -> Int32? {
        signals.isEmpty ? nil : signals.removeFirst()
    }

    /// The virtual clock (the loop's clock in tests).
    public func milliseconds() -> Int { now }

    public func close() { closed = true }
}

extension MemoryTerminal: SignalSource {
    func uninstall() {}
}
