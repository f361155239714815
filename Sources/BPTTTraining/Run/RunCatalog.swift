import Foundation

/// The config files a person can launch from the dashboard: every `*.cfg` in a configs folder,
/// with the `name` and one-line `description` each declares.
public enum RunCatalog {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var path: String
        public var description: String
    }

    /// Reads the folder; files that do not parse are listed with their error as description, so a
    /// broken preset is visible rather than silently missing.
    public static func entries(in folder: String) -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".cfg") }.sorted().map { file in
            let path = (folder as NSString).appendingPathComponent(file)
            do {
                let config = try ConfigLoader.load(path: path)
                return Entry(name: config.name, path: path, description: config.description)
            } catch {
                return Entry(name: file, path: path, description: "cannot load: \((error as? LocalizedError)?.errorDescription ?? "\(error)")")
            }
        }
    }

    /// Where the presets live: $BPTT_LAB_CONFIGS, ./configs, or configs/ beside the package the
    /// binary was built in (.build/<config>/bptt-lab), in that order.
    public static func defaultFolder(executablePath: String = CommandLine.arguments.first ?? "") -> String? {
        let candidates = searchedFolders(executablePath: executablePath)
        var isDirectory: ObjCBool = false
        return candidates.first { FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue }
    }

    /// The folders `defaultFolder` tries, in order (for a message that says where it looked).
    public static func searchedFolders(executablePath: String = CommandLine.arguments.first ?? "") -> [String] {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["BPTT_LAB_CONFIGS"], !env.isEmpty { candidates.append(env) }
        candidates.append(FileManager.default.currentDirectoryPath + "/configs")
        let binary = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
        var folder = binary.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("configs").path)
            folder = folder.deletingLastPathComponent()
        }
        return candidates
    }
}
