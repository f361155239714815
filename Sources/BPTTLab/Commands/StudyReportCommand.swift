import ArgumentParser
import Foundation
import BPTTNumerics
import BPTTTraining

/// `bptt-lab study report DIR`: the table (and chart) of a study whose runs ran apart, one job each
/// (`--emit-jobs`), from the records they wrote into DIR.
struct StudyReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print a study's table from the run records in a --results folder.",
        discussion: """
            Reads DIR/study.json (the plan --emit-jobs or --results wrote) and every run record \
            beside it, and prints the table the study prints when it runs all its runs itself. A file \
            that is not a record, a record of another study (other settings) or a run recorded twice \
            is refused (one line naming the file, exit 2). Planned runs without a record yet (a job \
            array still running) are left out of the table and named on stderr; the exit is then 0.
            """)

    @Argument(help: ArgumentHelp("The study's results folder.", valueName: "DIR"))
    var folder: String

    func run() throws {
        try reportingErrors {
            let study = try StudyFiles.study(in: folder)
            switch study {
            case TruncationStudy.recordName:
                let merged: StudyFiles.Merged<TruncationStudy.Settings, TruncationStudy.RunResult> =
                    try StudyFiles.merge(folder, study: study, run: TruncationStudy.run(of:))
                let settings = merged.plan.settings
                warnMissing(merged)
                let cells = merged.plan.axes.contains("cell") ? cellNames(merged.plan.runs) : nil
                print("truncation study: \(StudyHeader.truncation(settings.config, cells: cells)), \(counted(merged)), "
                    + "at most \(settings.maxUpdates) updates each"
                    + (settings.warmup.map { ", after \(settings.warmupUpdates ?? 0) updates at \($0)" } ?? ""))
                print(StudyReport.text(merged.results, maxUpdates: settings.maxUpdates, holdUpdates: settings.holdUpdates))
            case GradientStudy.recordName:
                let merged: StudyFiles.Merged<GradientStudy.Settings, GradientStudy.RunResult> =
                    try StudyFiles.merge(folder, study: study, run: GradientStudy.run(of:))
                let settings = merged.plan.settings
                warnMissing(merged)
                print("gradient study: \(settings.config.name), \(counted(merged)), \(settings.maxUpdates) updates each, "
                    + "a reading every \(settings.every)")
                print(GradientStudyReport.table(merged.results))
            default:
                throw LabError("\(StudyFolder.planPath(folder)): the plan of a study this bptt-lab does not know ('\(study)')")
            }
        }
    }

    /// The plan's cells in their order (names this bptt-lab does not know are refused as the plan's).
    private func cellNames(_ runs: [StudyRecord.Run]) -> [CellKind] {
        var cells: [CellKind] = []
        for name in runs.compactMap({ $0["cell"] }) {
            if let cell = CellKind(rawValue: name), !cells.contains(cell) { cells.append(cell) }
        }
        return cells
    }

    private func counted<S, R>(_ merged: StudyFiles.Merged<S, R>) -> String {
        "\(merged.results.count) of \(merged.plan.runs.count) runs from \(folder)"
    }

    /// One line on stderr naming the planned runs without a record (at most ten by name).
    private func warnMissing<S, R>(_ merged: StudyFiles.Merged<S, R>) {
        guard !merged.missing.isEmpty else { return }
        let names = merged.missing.prefix(10).map { StudyRecord.describe($0, axes: merged.plan.axes) }
        let more = merged.missing.count > 10 ? " and \(merged.missing.count - 10) more" : ""
        printError("\(folder): \(merged.missing.count) of \(merged.plan.runs.count) planned runs without a record yet "
            + "(left out of the table): \(names.joined(separator: ", "))\(more)")
    }
}

/// The settings line the truncation study and its report share.
enum StudyHeader {
    /// `cells`: the cells a study compares (else the config's cell is named when it is not Elman).
    static func truncation(_ config: TrainingConfig, cells: [CellKind]? = nil) -> String {
        let spec = config.syntheticSpec
        let cell = cells.map { " cells " + $0.map(\.rawValue).joined(separator: ",") }
            ?? (config.cell == .elman ? "" : " cell=\(config.cell.rawValue)")
        return "d=\(spec.distance) K=\(spec.keys) distractors=\(spec.distractors) H=\(config.hidden)\(cell) "
            + "B=\(config.batch) \(config.optimizer.rawValue) lr=\(config.learningRate)"
    }
}
