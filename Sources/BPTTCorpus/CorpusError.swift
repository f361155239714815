import Foundation

/// Why a corpus could not be loaded or used. `message` names the file and says what to do.
public struct CorpusError: Error, LocalizedError, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case missingFile
        case unreadableFile
        case emptyFile
        case invalidUTF8(byteOffset: Int)
        case tooShort(have: Int, need: Int)
        case vocabularyTooLarge(size: Int, limit: Int)
        case invalidOptions
    }

    public var kind: Kind
    /// The file the error is about ("builtin" for the generated corpus, "" when there is none).
    public var file: String
    public var message: String

    public init(kind: Kind, file: String, message: String) {
        self.kind = kind
        self.file = file
        self.message = message
    }

    public var errorDescription: String? { message }
    public var description: String { message }

    static func missing(_ file: String) -> CorpusError {
        CorpusError(kind: .missingFile, file: file,
                    message: "\(file): no such file; check the path (relative paths start at the current directory)")
    }

    static func unreadable(_ file: String, _ reason: String) -> CorpusError {
        CorpusError(kind: .unreadableFile, file: file, message: "\(file): cannot read the file: \(reason)")
    }

    static func empty(_ file: String) -> CorpusError {
        CorpusError(kind: .emptyFile, file: file,
                    message: "\(file): the file contains no text (empty or only whitespace)")
    }

    static func invalidUTF8(_ file: String, at offset: Int) -> CorpusError {
        CorpusError(kind: .invalidUTF8(byteOffset: offset), file: file,
                    message: "\(file): invalid UTF-8 at byte offset \(offset); convert the file to UTF-8 (e.g. iconv -t UTF-8)")
    }
}
