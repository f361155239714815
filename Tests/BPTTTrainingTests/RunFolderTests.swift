import Foundation
import Testing
import BPTTTraining

/// Each run gets a run folder of its own, even two runs of one name started in the same second (as
/// two compared runs are): the metrics recorder appends, so a shared folder would mix their records.
@Suite struct RunFolderTests {
    @Test func twoRunsOfOneNameInTheSameSecondGetTwoFolders() throws {
        let root = NSTemporaryDirectory() + "bptt-lab-runfolder-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        var config = TrainingConfig()
        config.name = "same"
        config.hidden = 8
        config.builtinSentences = 200
        config.builtinDistance = 6
        config.runDir = root + "/runs"
        var options = RunLauncher.Options(start: .fresh)
        options.probe = false
        let first = try RunLauncher.make(config, options)
        let second = try RunLauncher.make(config, options)
        let third = try RunLauncher.make(config, options)
        let folders = [first, second, third].map { ($0.metricsPath as NSString).deletingLastPathComponent }
        #expect(Set(folders).count == 3, "\(folders)")
        for folder in folders {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue)
        }
        // The session writes where the run says: its own folder's file, not the first run's.
        second.session.start()
        #expect(second.session.stopAndWait(timeout: 20))
        let written = try String(contentsOfFile: second.metricsPath, encoding: .utf8)
        #expect(written.contains("\"type\":\"final\""))
        #expect(try String(contentsOfFile: first.metricsPath, encoding: .utf8).isEmpty)
    }
}
