import Foundation

/// A refusal of the numerical core or the trainer (invalid sizes or values, a truncation the corpus
/// cannot train, a folder that cannot be made), as one message that says what is wrong and what to do.
/// Corpora, configs and checkpoints have error types of their own, which also name their file.
public struct LabError: Error, LocalizedError, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var errorDescription: String? { message }
    public var description: String { message }
}

/// Traps with the error's message. The engines call this for contract violations (wrong sizes,
/// token ids out of range): callers validate user input first with the throwing `validate` methods.
/// Unlike `precondition`, this stays active in -Ounchecked release builds.
@usableFromInline
func failContract(_ error: LabError, function: StaticString = #function) -> Never {
    fatalError("BPTTNumerics.\(function): \(error.message)")
}

/// Runs a throwing validation and traps with its message when it fails.
@usableFromInline
func requireValid(function: StaticString = #function, _ check: () throws -> Void) {
    do { try check() } catch { failContract(LabError("\(error)"), function: function) }
}
