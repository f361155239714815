import Foundation
import BPTTNumerics

/// Appends metrics records to a JSON Lines file, one object per line, written per record so that a
/// crash loses at most the line being written. An existing file is continued, never truncated (a
/// resumed run adds to the first run's history), and only when it is a metrics file (`OutputFile`,
/// kind metrics). A write that fails (a full disk) is cut back to the last whole line and ends the
/// recording: `failure` says why, and the command stops and exits 4. Its folder must exist.
public final class MetricsRecorder {
    public let path: String
    private let fd: Int32
    private let encoder: JSONEncoder
    private let lock = NSLock()
    private var firstFailure: String?

    public init(path: String, option: String = "metrics file", inputs: [OutputFile.Input] = []) throws {
        self.path = path
        try OutputFile.check(path, option: option, kind: .metrics, inputs: inputs)
        // O_NONBLOCK and O_NOFOLLOW: a FIFO or link swapped in after the check fails here instead
        // of blocking or being written through; fstat then confirms a regular file.
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            throw LabError("\(option) \(path): cannot open it: \(String(cString: strerror(errno))); "
                + "pass --run_dir DIR or --metrics FILE to write elsewhere")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw LabError("\(option) \(path): not a regular file; give a regular file or a new path")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.fd = fd
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    }

    /// Why a write failed (the first failure); nil while every record was written. Any thread.
    public var failure: String? { lock.withLock { firstFailure } }

    /// Appends one record. After a failure only a `final` record is still tried (it may fit where a
    /// longer line did not), so the file ends with whole lines and, when there is room, the final one.
    public func write(_ record: MetricsRecord) {
        if failure != nil && record.type != .final { return }
        guard var data = try? encoder.encode(record) else { return }
        data.append(0x0A)
        let start = lseek(fd, 0, SEEK_END)
        var error: Int32 = 0
        data.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { error = n < 0 ? errno : ENOSPC; return }
                done += n
            }
        }
        guard error != 0 else { return }
        // A cut line would make the file unreadable as JSON Lines: take it back.
        if start >= 0 { _ = ftruncate(fd, start) }
        lock.withLock {
            if firstFailure == nil {
                firstFailure = "could not write the metrics file \(path): \(String(cString: strerror(error)))"
            }
        }
    }

    deinit { close(fd) }

    /// Reads a metrics file back (for tests and tools).
    public static func read(path: String) throws -> [MetricsRecord] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try text.split(separator: "\n").map {
            try decoder.decode(MetricsRecord.self, from: try LegacyTruncation.migrated(json: Data($0.utf8)))
        }
    }
}
