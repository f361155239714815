import Foundation

/// Plain-text rendering of the two bench tables.
enum BenchTables {
    static func number(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    static func row(_ cells: [String], widths: [Int]) -> String {
        zip(cells, widths).map { pad($0, $1) }.joined(separator: " ")
    }

    static let backwardWidths = [4, 4, 11, 13, 8, 10, 8, 7, 12, 11, 11, 9]

    static func backwardHeader(withNumpy: Bool) -> [String] {
        var cells = ["H", "T", "naive ms", "optimized ms", "out ms", "naive/opt", "(T+1)/2", "dev"]
        if withNumpy { cells += ["np naive ms", "np opt ms", "sw/np naive", "sw/np opt"] }
        let widths = Array(backwardWidths.prefix(cells.count))
        let header = row(cells, widths: widths)
        return [header, String(repeating: "-", count: header.count)]
    }

    /// One row; `dev` is the ratio's deviation from (T+1)/2.
    static func backwardRow(_ timing: BackwardTiming, outputLayerMilliseconds: Double, numpy: NumpyReference.Timing?) -> String {
        let deviation = timing.ratio / timing.expectedRatio - 1
        var cells = ["\(timing.hidden)", "\(timing.length)", number(timing.naiveMilliseconds, 3),
                     number(timing.optimizedMilliseconds, 4), number(outputLayerMilliseconds, 4),
                     number(timing.ratio, 1), number(timing.expectedRatio, 1),
                     (deviation >= 0 ? "+" : "") + number(deviation * 100, 0) + "%"]
        if let numpy {
            cells += [number(numpy.naiveMilliseconds, 2), number(numpy.optimizedMilliseconds, 3),
                      number(timing.naiveMilliseconds / numpy.naiveMilliseconds, 3),
                      number(timing.optimizedMilliseconds / numpy.optimizedMilliseconds, 3)]
        }
        return row(cells, widths: Array(backwardWidths.prefix(cells.count)))
    }

    static let trainingWidths = [4, 5, 6, 4, 5, 6, 10, 8, 12, 9, 10, 9]

    static func trainingHeader() -> [String] {
        let header = row(["B", "H", "V", "T", "data", "cell", "output", "threads", "tokens/s", "GFLOP/s", "of sgemm", "vs full"],
                         widths: trainingWidths)
        return [header, String(repeating: "-", count: header.count)]
    }

    /// One row; `full` is the same size's full-softmax row of this run, for a class row's speed-up.
    static func trainingRow(_ t: TrainingThroughput, sgemmGFLOPS: Double, full: TrainingThroughput? = nil) -> String {
        let data = t.corpus.map { String($0.prefix(5)) } ?? (t.zipf == true ? "zipf" : "unif")
        let output = t.classes.map { "\($0) cl" } ?? "full"
        var cells = ["\(t.batch)", "\(t.hidden)", "\(t.vocabulary)", "\(t.length)", data, (t.cell ?? .elman).rawValue, output,
                     "\(t.threads)", number(t.tokensPerSecond, 0), number(t.gflops, 1),
                     number(100 * t.gflops / sgemmGFLOPS, 0) + "%"]
        if let full { cells.append(number(t.tokensPerSecond / full.tokensPerSecond, 1) + "x") }
        return row(cells, widths: Array(trainingWidths.prefix(cells.count)))
    }
}
