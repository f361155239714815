import Foundation

/// A problem in a config file or a command-line override. The message starts with where it is
/// ("configs/x.cfg:12:" or "command line:") and names the key and what is allowed.
public struct ConfigError: Error, LocalizedError, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case unreadableFile
        case syntax
        case unknownKey
        case duplicateKey
        case wrongType
        case outOfRange
        case conflict
    }

    public var kind: Kind
    /// The config file, or "command line".
    public var file: String
    /// 1-based line in `file`, nil for the command line and for whole-file problems.
    public var line: Int?
    public var key: String?
    /// What is wrong, without the location prefix.
    public var reason: String

    public init(kind: Kind, file: String, line: Int?, key: String?, reason: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.key = key
        self.reason = reason
    }

    public var location: String { line.map { "\(file):\($0)" } ?? file }
    public var message: String { "\(location): \(reason)" }
    public var errorDescription: String? { message }
    public var description: String { message }
}
