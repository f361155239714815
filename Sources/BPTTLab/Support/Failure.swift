import ArgumentParser
import Foundation
import BPTTTraining

/// Runs a command body and turns any error into one line on stderr and a non-zero exit, so scripts
/// get a message that names the file or key instead of a stack of usage text.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch let failure as OutputFile.WriteFailure {
        // The work was done but its file could not be saved (a full disk): exit 4, as for a checkpoint.
        writeStandardError("bptt-lab: \(failure.message)\n")
        throw ExitCode(saveFailedStatus)
    } catch {
        let message = (error as? LocalizedError)?.errorDescription ?? String(describing: error)
        writeStandardError("bptt-lab: \(message)\n")
        throw ExitCode(2)
    }
}

/// Exit status when a command's output could not be saved (README, exit codes).
let saveFailedStatus: Int32 = 4

func printError(_ message: String) {
    writeStandardError("bptt-lab: \(message)\n")
}

/// Writes to stderr with write(2), ignoring failure: with stderr closed (`2>&-`) or a broken pipe
/// there is nowhere left to report to, and FileHandle would trap.
func writeStandardError(_ text: String) {
    _ = writeAll(text, to: STDERR_FILENO)
}

/// The same for stdout (lines that must appear at once, even through a pipe). Once a write finds the
/// pipe closed (EPIPE, SIGPIPE being ignored), `standardOutputClosed` is set and nothing more is written.
func writeStandardOutput(_ text: String) {
    guard !standardOutputClosed else { return }
    if !writeAll(text, to: STDOUT_FILENO) && errno == EPIPE { standardOutputClosed = true }
}

/// Set when stdout turned out to be a closed pipe (`train | head -1`); only the main thread writes it.
nonisolated(unsafe) var standardOutputClosed = false

/// Whether every byte was written.
private func writeAll(_ text: String, to descriptor: Int32) -> Bool {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
        if written > 0 { offset += written } else if written < 0 && errno == EINTR { continue } else { return false }
    }
    return true
}
