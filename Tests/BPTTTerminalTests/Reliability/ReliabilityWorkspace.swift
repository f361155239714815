import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private folder for one reliability case: a small text corpus, helpers to run the real binary
/// in it, and a fingerprint of every entry (type, size, content) to prove that nothing but the
/// run's own outputs changed.
struct ReliabilityWorkspace {
    let directory: String
    let binary: String

    init() throws {
        directory = "/tmp/bptt-reliability-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        binary = try LabBinary.path()
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    func path(_ name: String) -> String { "\(directory)/\(name)" }

    /// Writes a small multi-line text (enough for B = 2, k1 = 3) and returns its path.
    @discardableResult
    func writeCorpus(_ name: String = "corpus.txt") throws -> String {
        let lines = (0..<60).map { "line \($0 % 7): the quick brown fox jumps over the lazy dog \($0 % 5)" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path(name), atomically: false, encoding: .utf8)
        return path(name)
    }

    /// `bptt-lab arguments...`, with `/bin/sh -c 'cd DIR && exec ...'` when `in` is given.
    func run(_ arguments: [String], in workingDirectory: String? = nil, timeout: Duration = .seconds(30)) throws -> Subprocess.Result {
        guard let workingDirectory else { return try Subprocess.run(binary, arguments, timeout: timeout) }
        let quoted = ([binary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return try Subprocess.run("/bin/sh", ["-c", "cd '\(workingDirectory)' && exec " + quoted.joined(separator: " ")],
                                  timeout: timeout)
    }

    /// A quick headless run: the built-in corpus, tiny model, `steps` updates.
    static func quickTrain(steps: Int = 3) -> [String] {
        ["train", "--quiet", "--steps", "\(steps)", "--hidden", "8", "--batch", "2"]
    }

    /// Every entry of the folder (not following links) with its type and content digest.
    func fingerprint() -> [String: String] {
        var result: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            let full = path(name)
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            var digest = "type \(type)"
            if type == S_IFREG, let data = FileManager.default.contents(atPath: full) {
                digest += " size \(data.count) fnv \(data.reduce(UInt64(0xcbf29ce484222325)) { ($0 ^ UInt64($1)) &* 0x100000001b3 })"
            } else if type == S_IFLNK {
                digest += " -> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?")
            }
            result[name] = digest
        }
        return result
    }

    /// The names whose fingerprint differs between `before` and `after` (added, removed or changed).
    static func changed(_ before: [String: String], _ after: [String: String]) -> Set<String> {
        Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
    }

    static func records(_ path: String) -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    /// stderr is exactly one line starting "bptt-lab: " (the message contract of bad input).
    static func oneLine(_ stderr: String) -> Bool {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: true)
        return lines.count == 1 && lines[0].hasPrefix("bptt-lab: ")
    }
}
