import Foundation

/// A folder read as one text: its `.md` and `.txt` files (not those in subfolders), in name order,
/// each ending at a line end. The text presets' default is `docs/`, a text five times the README's
/// size that grows with the documentation.
enum TextFolder {
    static let extensions: Set<String> = ["md", "txt"]

    /// The files `read` takes, by path, in name order.
    static func files(in path: String) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw CorpusError.unreadable(path, error.localizedDescription)
        }
        let files = names.sorted().map { (path as NSString).appendingPathComponent($0) }.filter { file in
            var isDirectory: ObjCBool = false
            return extensions.contains((file as NSString).pathExtension.lowercased())
                && FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        guard !files.isEmpty else {
            throw CorpusError.unreadable(path, "the folder holds no .md or .txt file; give a text file or a folder of them")
        }
        return files
    }

    /// The files' texts, joined; refused, naming the folder, when they add up to more than one file may hold.
    static func read(_ path: String) throws -> String {
        var text = ""
        for file in try files(in: path) {
            let part = try TextFile.read(file)
            if text.utf8.count + part.utf8.count > TextLimits.maximumFileBytes {
                throw CorpusError.tooLarge(path, bytes: text.utf8.count + part.utf8.count, limit: TextLimits.maximumFileBytes)
            }
            text += part.hasSuffix("\n") ? part : part + "\n"
        }
        return text
    }
}
