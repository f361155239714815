import Foundation

/// Appends metrics records to a JSON Lines file, one object per line, written per record so that a
/// crash loses at most the line being written. An existing file is continued, never truncated (a
/// resumed run adds to the first run's history); only regular files are written (see `OutputFile`).
public final class MetricsRecorder {
    public let path: String
    private let fd: Int32
    private let encoder: JSONEncoder

    public init(path: String, inputs: [OutputFile.Input] = []) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            // Foundation's text ("The file doesn't exist") hides the cause; say where, and what to do.
            throw TrainerError("cannot create the metrics folder \(directory.path) "
                + "(working directory \(FileManager.default.currentDirectoryPath)): \(error.localizedDescription); "
                + "pass --run_dir DIR or --metrics FILE to write elsewhere")
        }
        try OutputFile.check(path, option: "metrics file", inputs: inputs)
        // O_NONBLOCK and O_NOFOLLOW: a FIFO or link swapped in after the check fails here instead
        // of blocking or being written through; fstat then confirms a regular file.
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            throw TrainerError("cannot open the metrics file \(path): \(String(cString: strerror(errno))); "
                + "pass --run_dir DIR or --metrics FILE to write elsewhere")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw TrainerError("metrics file \(path): not a regular file; give a regular file or a new path")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.fd = fd
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    }

    public func write(_ record: MetricsRecord) {
        guard var data = try? encoder.encode(record) else { return }
        data.append(0x0A)
        // A full disk loses this record, never the run: the metrics are a by-product of training.
        data.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                done += n
            }
        }
    }

    deinit { close(fd) }

    /// Reads a metrics file back (for tests and tools).
    public static func read(path: String) throws -> [MetricsRecord] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try text.split(separator: "\n").map { try decoder.decode(MetricsRecord.self, from: Data($0.utf8)) }
    }
}
