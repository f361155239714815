import Foundation
import BPTTNumerics

/// A run the dashboard can launch: one config file in a configs folder.
public struct RunChoice: Sendable, Equatable {
    public var name: String
    public var path: String
    /// One line shown next to the name in the run picker.
    public var description: String
    /// The config's recurrent cell, which the picker names for gated ones.
    public var cell: CellKind
    public init(name: String, path: String, description: String, cell: CellKind = .elman) {
        self.name = name; self.path = path; self.description = description; self.cell = cell
    }
}

/// The config files a person can launch from the dashboard: every `*.cfg` in a configs folder,
/// with the `name` and one-line `description` each declares.
public enum RunCatalog {
    /// Reads the folder; files that do not parse are listed with their error as description, so a
    /// broken preset is visible rather than silently missing.
    public static func entries(in folder: String) -> [RunChoice] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".cfg") }.sorted().map { file in
            let path = (folder as NSString).appendingPathComponent(file)
            do {
                let config = try ConfigLoader.load(path: path)
                return RunChoice(name: config.name, path: path, description: config.description, cell: config.cell)
            } catch {
                return RunChoice(name: file, path: path, description: "cannot load: \((error as? LocalizedError)?.errorDescription ?? "\(error)")")
            }
        }
    }

    /// Where the presets are looked for, in order: $BPTT_LAB_CONFIGS; ./configs; configs/ next to
    /// the binary and in up to three folders above it (the package a `.build/<config>/bptt-lab`
    /// was built in); ../share/bptt-lab/configs from the binary (an installed layout).
    public static func searchPath(executablePath: String = CommandLine.arguments.first ?? "") -> [String] {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["BPTT_LAB_CONFIGS"], !env.isEmpty { candidates.append(env) }
        candidates.append(FileManager.default.currentDirectoryPath + "/configs")
        let binary = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
        var folder = binary.deletingLastPathComponent()
        candidates.append(folder.deletingLastPathComponent().appendingPathComponent("share/bptt-lab/configs").path)
        for _ in 0..<4 {
            candidates.insert(folder.appendingPathComponent("configs").path, at: candidates.count - 1)
            folder = folder.deletingLastPathComponent()
        }
        var seen: Set<String> = []
        return candidates.filter { seen.insert($0).inserted }
    }

    /// The first folder of `searchPath` that exists.
    public static func defaultFolder(executablePath: String = CommandLine.arguments.first ?? "") -> String? {
        var isDirectory: ObjCBool = false
        return searchPath(executablePath: executablePath).first {
            FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }
}
