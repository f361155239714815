extension OutputFile {
    /// A write that failed after the checks passed (a full disk, a folder gone or made read-only):
    /// the command could not save what it made, exit 4 (README, exit codes).
    public struct WriteFailure: Error, CustomStringConvertible, Equatable {
        public var message: String
        public var description: String { message }
        public init(message: String) { self.message = message }
    }

    /// Checks `path` for `kind` again (the file may have changed while the command worked), then
    /// replaces it atomically (`AtomicFile`): a reader sees the old file or the new one, never a mix,
    /// and a failed write leaves the old one. `fault` is a test seam.
    public static func replace(_ path: String, option: String, kind: OutputKind, inputs: [Input],
                               with bytes: [UInt8], fault: WriteFault? = nil) throws(WriteFailure) {
        do {
            try check(path, option: option, kind: kind, inputs: inputs)
        } catch {
            throw WriteFailure(message: "could not save: \(error.message)")
        }
        do {
            try AtomicFile.write(bytes, to: path, fault: fault.map { _ in .afterWriting })
        } catch {
            throw WriteFailure(message: "\(option) \(path): could not save: \(error.operation): \(error.reason)")
        }
    }

    /// The one fault tests may inject into `replace` (a write error after the bytes were written).
    public enum WriteFault: Sendable { case writeError }
}
