/// A key press as the dashboard's pure key handler sees it; the terminal backend translates
/// ncurses key codes into these.
public enum KeyInput: Equatable, Sendable {
    case character(Character)
    case left, right, up, down
    case tab, backTab
    case enter, escape, backspace
    case pageUp, pageDown, home, end
    /// Ctrl-C read as a key (the backend also handles SIGINT itself).
    case interrupt
    case resize
}
