import Foundation
import Testing
@testable import BPTTTraining

/// Where the run picker looks for presets: the environment, the working directory, beside the binary
/// and the folders above it, then an installed share/ folder.
@Suite struct RunCatalogSearchTests {
    @Test func theSearchPathCoversTheBinarysFolders() {
        let path = RunCatalog.searchPath(executablePath: "/opt/lab/bin/bptt-lab")
        let cwd = FileManager.default.currentDirectoryPath + "/configs"
        #expect(path.contains(cwd))
        let beside = path.firstIndex(of: "/opt/lab/bin/configs")
        let above = path.firstIndex(of: "/opt/lab/configs")
        let share = path.firstIndex(of: "/opt/lab/share/bptt-lab/configs")
        #expect(beside != nil && above != nil && share != nil, "\(path)")
        if let beside, let above, let share, let c = path.firstIndex(of: cwd) {
            #expect(c < beside && beside < above && above < share)
        }
        #expect(Set(path).count == path.count, "no folder twice")
    }

    @Test func theFirstExistingFolderIsTaken() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("runcatalog-\(getpid())")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("bin/configs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = RunCatalog.defaultFolder(executablePath: root.appendingPathComponent("bin/bptt-lab").path)
        let cwd = FileManager.default.currentDirectoryPath + "/configs"
        var isDirectory: ObjCBool = false
        let cwdHasConfigs = FileManager.default.fileExists(atPath: cwd, isDirectory: &isDirectory) && isDirectory.boolValue
        if ProcessInfo.processInfo.environment["BPTT_LAB_CONFIGS"] == nil {
            #expect(folder == (cwdHasConfigs ? cwd : root.appendingPathComponent("bin/configs").resolvingSymlinksInPath().path))
        }
    }
}
