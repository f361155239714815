import ArgumentParser
import Foundation

/// Runs a command body and turns any error into one line on stderr and a non-zero exit, so scripts
/// get a message that names the file or key instead of a stack of usage text.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        let message = (error as? LocalizedError)?.errorDescription ?? String(describing: error)
        FileHandle.standardError.write(Data("bptt-lab: \(message)\n".utf8))
        throw ExitCode(2)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("bptt-lab: \(message)\n".utf8))
}
