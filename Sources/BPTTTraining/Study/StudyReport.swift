import Foundation

/// The truncation study as text: a table per reach and a chart of when each seed learned the key.
public enum StudyReport {
    /// The table and the chart, as the study prints them and `study report` prints them again.
    /// A study over cells (`--cells`) prints one such section per cell, headed by it.
    public static func text(_ runs: [TruncationStudy.RunResult], maxUpdates: Int, holdUpdates: Int) -> String {
        let sections = byCell(runs)
        guard sections.count > 1 || sections.first?.cell != nil else {
            return table(runs, maxUpdates: maxUpdates, holdUpdates: holdUpdates) + "\n\n" + chart(runs, maxUpdates: maxUpdates)
        }
        return sections.map { section in
            "cell \(section.cell ?? "-")\n" + table(section.runs, maxUpdates: maxUpdates, holdUpdates: holdUpdates)
                + "\n\n" + chart(section.runs, maxUpdates: maxUpdates)
        }.joined(separator: "\n\n")
    }

    /// The runs split by cell, in the order the cells first appear.
    static func byCell(_ runs: [TruncationStudy.RunResult]) -> [(cell: String?, runs: [TruncationStudy.RunResult])] {
        var sections: [(cell: String?, runs: [TruncationStudy.RunResult])] = []
        for run in runs {
            if let index = sections.firstIndex(where: { $0.cell == run.cell }) { sections[index].runs.append(run) }
            else { sections.append((run.cell, [run])) }
        }
        return sections
    }

    /// One row per truncation (in the study's order): how many seeds learned, the median updates
    /// and seconds to learn (over the seeds that did), and every seed's figure.
    public static func table(_ runs: [TruncationStudy.RunResult], maxUpdates: Int, holdUpdates: Int = 0) -> String {
        let holding = runs.contains { $0.holdReadings != nil }
        var lines = ["reach   k1   k2  learned  median updates  median s   min share" + (holding ? "  held" : "")
                        + "  updates to learn, per seed",
                     String(repeating: "-", count: holding ? 106 : 100)]
        for group in grouped(runs) {
            let learned = group.compactMap(\.learnedAt).sorted()
            let seconds = group.compactMap(\.learnedSeconds).sorted()
            let first = group[0]
            let perSeed = group.map { run in
                (run.learnedAt.map(compact) ?? (run.stopped != nil ? "stop" : ">" + compact(run.updates)))
                    + (heldPercent([run]).map { "/\($0)" } ?? "")
            }.joined(separator: " ")
            let minShare = group.map(\.minShare).min() ?? .nan
            lines.append(pad(first.reach, 5) + pad(first.k1.map(String.init) ?? "-", 5) + pad(first.k2.map(String.init) ?? "-", 5)
                + pad("\(learned.count)/\(group.count)", 9)
                + pad(median(learned).map { compact(Int($0)) } ?? "-", 16)
                + pad(median(seconds).map { String(format: "%.1f", $0) } ?? "-", 10)
                + pad(String(format: "%.2f", minShare), 12) + (holding ? pad(heldPercent(group) ?? "-", 6) : "")
                + "  " + perSeed)
        }
        lines.append("")
        lines.append("learned: recall loss below 10% of ln K at a validation; >N: not within N updates; "
            + "min share: lowest recall loss / ln K seen (1 = no memory of the key)")
        if holding {
            lines.append("held: of the validations in the \(compact(holdUpdates)) updates after learning, the share "
                + "still below 10% of ln K (per seed after the /)")
        }
        lines += warmupLines(runs)
        return lines.joined(separator: "\n")
    }

    /// Readings still learned over all readings after learning, as a percentage; nil when no run held.
    static func heldPercent(_ runs: [TruncationStudy.RunResult]) -> String? {
        let total = runs.compactMap(\.holdReadings).reduce(0, +)
        guard total > 0 else { return nil }
        let held = runs.compactMap(\.heldReadings).reduce(0, +)
        return "\(Int((100 * Double(held) / Double(total)).rounded(.down)))%"
    }

    /// The warm-up's floor check, once per seed (every run of a seed trains the same warm-up, as
    /// training is deterministic): its lowest recall share and when it first fell below 90% of ln K.
    static func warmupLines(_ runs: [TruncationStudy.RunResult]) -> [String] {
        var seen = Set<UInt64>()
        let perSeed = runs.filter { $0.warmupMinShare != nil && seen.insert($0.seed).inserted }
        guard !perSeed.isEmpty else { return [] }
        return ["", "warm-up, per seed: lowest recall share, and the update it first fell below 0.9 (- never)"]
            + perSeed.sorted { $0.seed < $1.seed }.map { run in
                "  seed \(run.seed): " + String(format: "%.2f", run.warmupMinShare!)
                    + ", below 0.9 from " + (run.warmupLeftFloorAt.map(compact) ?? "-")
            }
    }

    /// Each reach on a log axis of updates from 1k to `maxUpdates`: `●` where a seed learned the key,
    /// `○` where one left the no-memory floor (recall below 90% of ln K) without learning, and a
    /// blank row end for a seed that stayed on the floor throughout.
    public static func chart(_ runs: [TruncationStudy.RunResult], maxUpdates: Int, width: Int = 50) -> String {
        let low = log10(1_000.0), high = log10(Double(max(maxUpdates, 2_000)))
        func column(_ updates: Int) -> Int {
            let x = (log10(Double(max(updates, 1_000))) - low) / (high - low)
            return min(width - 1, max(0, Int((x * Double(width - 1)).rounded())))
        }
        var lines: [String] = []
        for group in grouped(runs) {
            var cells = [Character](repeating: "·", count: width)
            for run in group {
                if let at = run.learnedAt { cells[column(at)] = "●" }
                else if let at = run.leftFloorAt, cells[column(at)] == "·" { cells[column(at)] = "○" }
            }
            lines.append(pad(group[0].reach, 5) + " │" + String(cells))
        }
        let axis = "      └" + String(repeating: "─", count: width)
        let right = compact(maxUpdates)
        let labels = "       1k" + String(repeating: " ", count: max(1, width - 2 - right.count)) + right + " updates (log)"
        return (lines + [axis, labels, "       ● learned the key   ○ left the floor, not learned   · on the floor"])
            .joined(separator: "\n")
    }

    static func grouped(_ runs: [TruncationStudy.RunResult]) -> [[TruncationStudy.RunResult]] {
        var order: [String] = []
        var groups: [String: [TruncationStudy.RunResult]] = [:]
        for run in runs {
            let key = "\(run.reach)/\(run.k1 ?? -1)/\(run.k2 ?? -1)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(run)
        }
        return order.map { groups[$0]! }
    }

    static func median(_ sorted: [Int]) -> Double? { median(sorted.map(Double.init)) }
    static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// 950, 12k, 1.2M.
    static func compact(_ n: Int) -> String {
        if n < 1_000 { return String(n) }
        if n < 1_000_000 { return n % 1_000 == 0 || n >= 100_000 ? "\(n / 1_000)k" : String(format: "%.1fk", Double(n) / 1_000) }
        return String(format: "%.1fM", Double(n) / 1_000_000)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : String(repeating: " ", count: width - text.count) + text
    }
}

/// The gradient study as text: one line per reading of each seed, then a summary of the ranges.
public enum GradientStudyReport {
    public static func table(_ runs: [GradientStudy.RunResult]) -> String {
        var lines = ["seed     step   decades  saturated   ρ(W)   recall/lnK  valid loss   clipped  max |g|",
                     String(repeating: "-", count: 88)]
        func f(_ value: Double, _ format: String) -> String {
            value.isFinite ? String(format: format, value) : (value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf"))
        }
        for run in runs {
            for r in run.readings {
                lines.append(StudyReport.pad(String(run.seed), 4) + StudyReport.pad(StudyReport.compact(r.step), 9)
                    + StudyReport.pad(f(r.decades, "%+.1f"), 10) + StudyReport.pad(f(r.saturation * 100, "%.0f%%"), 11)
                    + StudyReport.pad(f(r.spectralRadius, "%.2f"), 7)
                    + StudyReport.pad(r.recallShare.map { f($0, "%.2f") } ?? "-", 13)
                    + StudyReport.pad(f(r.validLoss, "%.4g"), 12) + StudyReport.pad(String(r.clipped), 10)
                    + StudyReport.pad(f(r.maxGradientNorm, "%.3g"), 9))
            }
            if let stop = run.nonFinite { lines.append("   \(run.seed): non-finite guard: \(stop)") }
        }
        let all = runs.flatMap(\.readings)
        func range(_ values: [Double], _ format: String) -> String {
            let finite = values.filter(\.isFinite)
            guard let lo = finite.min(), let hi = finite.max() else { return "-" }
            return f(lo, format) + " … " + f(hi, format)
        }
        lines.append("")
        lines.append("over all readings: decades " + range(all.map(\.decades), "%+.1f")
            + ", saturated " + range(all.map { $0.saturation * 100 }, "%.0f%%")
            + ", ρ(W) " + range(all.map(\.spectralRadius), "%.2f")
            + ", recall/lnK " + range(all.compactMap(\.recallShare), "%.2f"))
        lines.append("stopped by the non-finite guard: \(runs.filter { $0.nonFinite != nil }.count) of \(runs.count) runs")
        return lines.joined(separator: "\n")
    }
}
