/// A value as error messages quote it: the first 80 characters, then how long it really was. A
/// 100 MB config value or argument would otherwise be echoed whole onto the terminal.
public enum ErrorValue {
    public static let limit = 80

    public static func cut<Text: StringProtocol>(_ text: Text) -> String {
        guard text.count > limit else { return String(text) }
        return String(text.prefix(limit)) + "… (\(text.utf8.count) bytes in all)"
    }

    /// `message` with every space-separated word longer than the limit cut: for messages built
    /// elsewhere (ArgumentParser's "The value '…' is invalid for '--steps'") that quote a value whole.
    public static func cutLongWords(in message: String) -> String {
        guard message.utf8.count > limit else { return message }
        return message.split(separator: " ", omittingEmptySubsequences: false)
            .map { $0.count > limit ? cut($0) : String($0) }
            .joined(separator: " ")
    }
}
