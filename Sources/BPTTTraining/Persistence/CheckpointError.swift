import Foundation

/// Why a checkpoint could not be written or read. `message` names the file.
public struct CheckpointError: Error, LocalizedError, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case notFound
        case unreadable
        /// Not a bptt-lab checkpoint at all (foreign magic).
        case notACheckpoint
        case unsupportedVersion(found: UInt32, expected: UInt32)
        case truncated
        /// Checksum mismatch or inconsistent structure: the bytes were changed.
        case corrupted
        /// A section's content does not parse (wrong layout, or missing).
        case malformedSection
        case writeFailed
        case invalidArgument
    }

    public var kind: Kind
    public var path: String
    public var message: String

    public init(kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var errorDescription: String? { message }
    public var description: String { message }

    /// For readers of the sections: a section the file should have but does not.
    public static func missingSection(_ name: String, in path: String) -> CheckpointError {
        CheckpointError(kind: .malformedSection, path: path,
                        message: "\(path): the checkpoint has no '\(name)' section; it was written by an incompatible bptt-lab")
    }
}
