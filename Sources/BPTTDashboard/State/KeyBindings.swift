/// One line of the help overlay: the key(s) and what they do.
public struct KeyBinding: Sendable, Equatable {
    public var keys: String
    public var action: String
    public init(_ keys: String, _ action: String) { self.keys = keys; self.action = action }
}

/// Every key the dashboard understands, in the order the help overlay lists them; a test checks that
/// each listed key does something. `DashboardKeys` also takes `h` as an unlisted alias of `?` (help).
public enum KeyBindings {
    public static let all: [KeyBinding] = [
        KeyBinding("space", "pause / resume (diverged: try again)"),
        KeyBinding("n", "one update while paused"),
        KeyBinding("← →", "move the focused truncation slider"),
        KeyBinding("tab", "focus the other slider (k1 / k2)"),
        KeyBinding("e", "switch engine: naive / optimized"),
        KeyBinding("r", "restart from fresh weights"),
        KeyBinding("c", "cell elman → gru → lstm: restart, same settings"),
        KeyBinding("p", "pick a run from configs/ and launch it"),
        KeyBinding("b", "compare: start run B (A with one change) / stop B"),
        KeyBinding("f", "focus the other run (A / B): keys act on it"),
        KeyBinding("l", "loss chart: log / linear scale"),
        KeyBinding("s S", "loss chart: less / more smoothing"),
        KeyBinding("t", "loss chart: x axis by step / time"),
        KeyBinding("v", "loss chart: recall vs rest / all (built-in)"),
        KeyBinding("g", "gradient colours: fixed decades / per row"),
        KeyBinding("d", "gradient flow: dE/dh_t / dE/dc_t (LSTM)"),
        KeyBinding("w", "write the screen as SVG (run folder)"),
        KeyBinding("?", "this help; ? again: what the glyphs mean"),
        KeyBinding("esc", "close the help or a menu"),
        KeyBinding("q", "quit (checkpoints if configured)"),
    ]

    /// Keys inside the run picker.
    public static let picker: [KeyBinding] = [
        KeyBinding("↑ ↓", "choose"),
        KeyBinding("enter", "launch"),
        KeyBinding("esc", "cancel"),
    ]

    /// Keys inside the compare menu.
    public static let compareMenu: [KeyBinding] = [
        KeyBinding("↑ ↓", "choose"),
        KeyBinding("enter", "start B"),
        KeyBinding("esc", "cancel"),
    ]
}
