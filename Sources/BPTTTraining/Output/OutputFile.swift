import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The rule for every file a run writes (metrics, checkpoint): a regular file or a new path, in a
/// folder that exists, never one of the run's inputs. A device, FIFO, socket, directory or symbolic
/// link is refused, because writing through a temporary file and a rename would replace it (this
/// once turned /dev/full into a regular file).
public enum OutputFile {
    public struct Refusal: Error, CustomStringConvertible, Equatable {
        public var message: String
        public var description: String { message }
    }

    /// A file the run reads, with what it is for the message ("the corpus", "the config").
    public struct Input: Sendable, Equatable {
        public var path: String
        public var role: String
        public init(path: String, role: String) { self.path = path; self.role = role }
    }

    /// Every check before a command writes `path` as `kind`, made before any work starts: the path
    /// rules of `check(_:option:inputs:)`, an existing file only when it is of that kind, and a folder
    /// that accepts new files.
    public static func check(_ path: String, option: String, kind: OutputKind, inputs: [Input]) throws(Refusal) {
        guard !path.isEmpty else { throw Refusal(message: "\(option): the path is empty; give a file name") }
        try check(path, option: option, inputs: inputs)
        var info = stat()
        if lstat(path, &info) == 0 && !kind.accepts(existing: path) {
            let verb = kind == .metrics ? "append to" : "overwrite"
            throw Refusal(message: "\(option) \(path): the file exists and is not \(kind.name); "
                + "refusing to \(verb) it, give another path")
        }
        try checkFolderWritable(path, option: option)
    }

    /// Refuses two options that name one file (`--out X --text-out X`, or a hard link of it): the
    /// second write would replace the first.
    public static func checkDistinct(_ outputs: [(option: String, path: String)]) throws(Refusal) {
        for (i, a) in outputs.enumerated() {
            for b in outputs[(i + 1)...] where sameFile(a.path, b.path) {
                throw Refusal(message: "\(a.option) and \(b.option) name the same file \(b.path); give two paths")
            }
        }
    }

    /// Whether two paths name the same file: the same path once `.`, `..` and links are resolved, or
    /// (both existing) the same inode.
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var infoA = stat(), infoB = stat()
        if stat(a, &infoA) == 0, stat(b, &infoB) == 0 {
            return infoA.st_dev == infoB.st_dev && infoA.st_ino == infoB.st_ino
        }
        return URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath().path
            == URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Throws unless `path` may be created or replaced by this run. `option` names the flag or key
    /// in the message (e.g. "--checkpoint").
    public static func check(_ path: String, option: String, inputs: [Input]) throws(Refusal) {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                throw Refusal(message: "\(option) \(path): it is \(kindName(info.st_mode)), not a regular file; "
                    + "give a regular file or a new path")
            }
            for input in inputs {
                var other = stat()
                if stat(input.path, &other) == 0, other.st_dev == info.st_dev, other.st_ino == info.st_ino {
                    throw Refusal(message: "\(option) \(path): it is \(input.role) of this run; "
                        + "refusing to write over an input, give another path")
                }
            }
        } else if errno != ENOENT {
            throw Refusal(message: "\(option) \(path): \(String(cString: strerror(errno)))")
        }
        let folder = directory(of: path)
        var folderInfo = stat()
        guard stat(folder, &folderInfo) == 0, (folderInfo.st_mode & S_IFMT) == S_IFDIR else {
            throw Refusal(message: "\(option) \(path): the folder \(folder) does not exist; create it or give another path")
        }
    }

    /// Proves the folder of `path` accepts new files (as the temporary file of a save needs) by
    /// creating and removing one; catches read-only places such as /proc before training starts.
    public static func checkFolderWritable(_ path: String, option: String) throws(Refusal) {
        let folder = directory(of: path)
        let probe = "\(folder)/.\(name(of: path)).probe-\(getpid())"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw Refusal(message: "\(option) \(path): cannot create files in \(folder): \(String(cString: strerror(errno)))")
        }
        close(fd)
        unlink(probe)
    }

    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "a special file"
        }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

extension TrainingConfig {
    /// The files this config reads (the built-in corpus reads none).
    public var inputFiles: [OutputFile.Input] {
        var inputs: [OutputFile.Input] = []
        if !usesBuiltinCorpus { inputs.append(.init(path: corpus, role: "the corpus")) }
        if !valid.isEmpty { inputs.append(.init(path: valid, role: "the validation text")) }
        if !test.isEmpty { inputs.append(.init(path: test, role: "the test text")) }
        return inputs
    }
}
