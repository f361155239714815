import Foundation

/// Why a corpus could not be loaded or used. `message` names the file and says what to do.
public struct CorpusError: Error, LocalizedError, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case missingFile
        case unreadableFile
        case emptyFile
        case invalidUTF8(byteOffset: Int)
        case controlCharacter(byteOffset: Int, line: Int)
        case tooLarge(bytes: Int, limit: Int)
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

    static func controlCharacter(_ file: String, byte: UInt8, at offset: Int, line: Int) -> CorpusError {
        let name = byte == 0 ? "a NUL byte" : byte == 0x7F ? "a DEL byte" : "a control character"
        let hex = (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        return CorpusError(kind: .controlCharacter(byteOffset: offset, line: line), file: file,
                           message: "\(file): \(name) (0x\(hex)) at byte offset \(offset), line \(line): a text corpus may "
                               + "hold no control characters but tab, line feed, carriage return and form feed; give a "
                               + "text file, not a binary one (or delete such bytes, e.g. tr -d '\\000')")
    }

    static func tooLarge(_ file: String, bytes: Int, limit: Int) -> CorpusError {
        CorpusError(kind: .tooLarge(bytes: bytes, limit: limit), file: file,
                    message: "\(file): the file is \(TextLimits.describe(bytes: bytes)); text files are limited to "
                        + "\(TextLimits.describe(bytes: limit)) (loading takes about 12 bytes of memory per byte); "
                        + "use a part of it (head -c 100M)")
    }
}
