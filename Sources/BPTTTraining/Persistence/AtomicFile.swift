#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `write(2)`, under another name: inside `AtomicFile`, `write` is its own method.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// Replaces a file so that a reader sees either the old or the new content, never a mix, even
/// after a crash or power loss: temp file in the same directory, write, fsync, rename, fsync the
/// directory. On failure the temp file is removed and the old file is untouched.
enum AtomicFile {
    /// Test seam: where to fail on purpose, to prove the old file survives.
    enum Fault: Sendable { case afterWriting, beforeRename }

    struct Failure: Error {
        var operation: String
        var reason: String
    }

    static func write(_ bytes: [UInt8], to path: String, fault: Fault? = nil) throws(Failure) {
        let (directory, name) = split(path)
        // The rename would replace a device, FIFO or link with a regular file: never do that.
        var existing = stat()
        if lstat(path, &existing) == 0 && (existing.st_mode & S_IFMT) != S_IFREG {
            throw Failure(operation: "replace \(path)", reason: "it is not a regular file")
        }
        removeStaleTemporaries(in: directory, name: name)
        let temp = "\(directory)/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(operation: "create a temporary file in \(directory)", reason: errorText()) }
        var closed = false
        do throws(Failure) {
            try writeAll(bytes, to: fd)
            if fault == .afterWriting { throw Failure(operation: "write", reason: "injected fault") }
            guard fsync(fd) == 0 else { throw Failure(operation: "flush to disk", reason: errorText()) }
            closed = true
            guard close(fd) == 0 else { throw Failure(operation: "close", reason: errorText()) }
            if fault == .beforeRename { throw Failure(operation: "rename", reason: "injected fault") }
            guard rename(temp, path) == 0 else { throw Failure(operation: "replace \(path)", reason: errorText()) }
        } catch {
            if !closed { close(fd) }
            unlink(temp)
            throw error
        }
        syncDirectory(directory)
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) throws(Failure) {
        var failure: Failure?
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = posixWrite(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = Failure(operation: "write", reason: errorText())
                    return
                }
                done += n
            }
        }
        if let failure { throw failure }
    }

    /// Makes the rename itself durable. Some file systems refuse fsync on directories; the data
    /// is already safe then, so that is not an error.
    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Deletes `.NAME.tmp-PID-N` files of earlier saves to the same path whose process is gone (a
    /// save killed by SIGKILL or a power cut leaves its temporary file behind). A live PID's file
    /// is left alone: another process may be saving right now.
    static func removeStaleTemporaries(in directory: String, name: String) {
        guard let dir = opendir(directory) else { return }
        defer { closedir(dir) }
        let prefix = ".\(name).tmp-"
        while let entry = readdir(dir) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard entryName.hasPrefix(prefix) else { continue }
            let parts = entryName.dropFirst(prefix.count).split(separator: "-")
            guard parts.count == 2, let pid = Int32(parts[0]), UInt32(parts[1]) != nil, pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink("\(directory)/\(entryName)") }
        }
    }

    private static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
