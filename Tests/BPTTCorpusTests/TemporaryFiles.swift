import Foundation

/// A fresh directory for one test's files, removed when the value is dropped.
final class TemporaryDirectory {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("bptt-corpus-tests-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` (UTF-8) to `name` and returns the file's path.
    func file(_ name: String, _ text: String) -> String {
        bytes(name, Array(text.utf8))
    }

    func bytes(_ name: String, _ bytes: [UInt8]) -> String {
        let filePath = path + "/" + name
        _ = FileManager.default.createFile(atPath: filePath, contents: Data(bytes))
        return filePath
    }
}
