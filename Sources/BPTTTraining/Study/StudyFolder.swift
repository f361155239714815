import Foundation
import BPTTNumerics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a study's results folder (`StudyRecord`): its plan and one record per run, each through
/// `OutputFile` (checked, atomic, never over a file of another kind).
public enum StudyFolder {
    static let option = "--results"

    public static func planPath(_ folder: String) -> String { (folder as NSString).appendingPathComponent(StudyRecord.planFile) }

    /// Before a study, or one job of it, runs: makes `folder` (its parent must exist), and makes sure
    /// the plan there is this study's: same settings (else refused, so two studies never mix in one
    /// folder). The plan gains the runs it lacks (a study extended with new seeds); a job whose run
    /// is planned already writes nothing. Returns the plan in force.
    @discardableResult
    public static func prepare<S>(_ folder: String, plan: StudyRecord.Plan<S>, inputs: [OutputFile.Input]) throws
        -> StudyRecord.Plan<S> {
        try makeFolder(folder)
        let path = planPath(folder)
        try OutputFile.check(path, option: option, kind: .studyPlan, inputs: inputs)
        var merged = plan
        if FileManager.default.fileExists(atPath: path) {
            let existing: StudyRecord.Plan<S> = try StudyFiles.readPlan(folder, study: plan.study)
            if let difference = StudyFiles.difference(plan.settings, existing.settings) {
                throw LabError("\(option) \(folder): it holds another study's results (\(difference) in \(path)): "
                    + "give another folder")
            }
            guard existing.axes == plan.axes else {
                throw LabError("\(option) \(folder): its runs vary \(existing.axes.joined(separator: ", ")), "
                    + "this study's \(plan.axes.joined(separator: ", ")): give another folder")
            }
            merged = existing
            merged.runs += plan.runs.filter { !existing.runs.contains($0) }
            if merged.runs == existing.runs { return existing }
        }
        try OutputFile.replace(path, option: option, kind: .studyPlan, inputs: inputs, with: try encode(merged))
        return merged
    }

    /// The record of each run, written after the runs.
    public static func writeRuns<S, R: Codable & Sendable>(_ results: [R], folder: String, plan: StudyRecord.Plan<S>,
                                       run: (R) -> StudyRecord.Run, inputs: [OutputFile.Input]) throws {
        for result in results {
            let record = StudyRecord.RunFile(study: plan.study, settings: plan.settings, run: run(result), result: result)
            let path = (folder as NSString).appendingPathComponent(StudyRecord.fileName(record.run, axes: plan.axes))
            try OutputFile.replace(path, option: option, kind: .studyRun, inputs: inputs, with: try encode(record))
        }
    }

    /// Checks the paths the runs will write before any runs (as `--json` is checked).
    public static func checkRuns<S>(_ runs: [StudyRecord.Run], folder: String, plan: StudyRecord.Plan<S>,
                                    inputs: [OutputFile.Input]) throws {
        for run in runs {
            let path = (folder as NSString).appendingPathComponent(StudyRecord.fileName(run, axes: plan.axes))
            try OutputFile.check(path, option: option, kind: .studyRun, inputs: inputs)
        }
    }

    static func makeFolder(_ folder: String) throws {
        guard !folder.isEmpty else { throw LabError("\(option): the path is empty; give a folder") }
        var info = stat()
        if lstat(folder, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw LabError("\(option) \(folder): it is \(OutputFile.kindName(info.st_mode)), not a folder; "
                    + "give a folder or a new path")
            }
            return
        }
        guard mkdir(folder, 0o777) == 0 else {
            throw LabError("\(option) \(folder): cannot create the folder: \(String(cString: strerror(errno)))")
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = StudyFiles.floats
        return Array(try encoder.encode(value)) + [0x0A]
    }
}
