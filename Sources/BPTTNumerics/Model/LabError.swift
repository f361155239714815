/// Invalid sizes or values handed to the numerical core, with what to do about them.
public struct NumericsError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Traps with the error's message. The engines call this for contract violations (wrong sizes,
/// token ids out of range): callers validate user input first with the throwing `validate` methods.
/// Unlike `precondition`, this stays active in -Ounchecked release builds.
@usableFromInline
func failContract(_ error: NumericsError, function: StaticString = #function) -> Never {
    fatalError("BPTTNumerics.\(function): \(error.message)")
}

/// Runs a throwing validation and traps with its message when it fails.
@usableFromInline
func requireValid(function: StaticString = #function, _ check: () throws -> Void) {
    do { try check() } catch { failContract(NumericsError("\(error)"), function: function) }
}
