import Foundation

/// What a command writes to an output path. An existing file there is replaced (or, for metrics,
/// appended to) only when it already is a file of that kind: a typo'd path never costs a corpus,
/// a config or a checkpoint.
public enum OutputKind: Sendable, Equatable {
    /// A bptt-lab checkpoint: an existing file must start with the checkpoint magic.
    case checkpoint
    /// JSON Lines metrics, appended to: an existing file must be empty or start with a metrics record.
    case metrics
    /// The dashboard as an SVG picture: an existing file must be an SVG document.
    case svgScreen
    /// The dashboard's characters as text: an existing file must look like a text screen (below).
    case textScreen
    /// A command's JSON report: an existing file must be a JSON document of that report's shape.
    case jsonReport(JSONReportShape)
    /// `corpus --out`'s train/valid/test text: an existing file must be UTF-8 text without NUL bytes.
    case corpusText
    /// `study --emit-jobs`'s list: an existing file must be such a list (below).
    case jobList

    /// How a command's JSON report looks at the top level, to recognise an earlier one.
    public enum JSONReportShape: Sendable, Equatable {
        /// An object with all these keys (`bench`).
        case object(keys: [String])
        /// An array (maybe empty) of objects with all these keys (the studies: one object per run).
        case arrayOfObjects(keys: [String])
    }

    /// What the message calls a file of this kind.
    var name: String {
        switch self {
        case .checkpoint: "a bptt-lab checkpoint"
        case .metrics: "a bptt-lab metrics file (JSON Lines)"
        case .svgScreen: "an SVG picture"
        case .textScreen: "a bptt-lab text screen"
        case .jsonReport: "a JSON report of this command"
        case .corpusText: "a text file"
        case .jobList: "a bptt-lab jobs list"
        }
    }

    /// Reports this large are not ours: reading them whole to recognise them is not worth it.
    static let largestReport = 64 << 20

    /// Whether the existing regular file at `path` may be replaced (appended to) by this kind.
    func accepts(existing path: String) -> Bool {
        switch self {
        case .checkpoint:
            let head = Self.head(of: path, bytes: CheckpointFile.magic.count)
            return head.isEmpty || head == CheckpointFile.magic
        case .metrics:
            let head = Self.head(of: path, bytes: 64 << 10)
            return head.isEmpty ? Self.size(of: path) == 0 : Self.isMetricsFile(head)
        case .svgScreen:
            return Self.isSVG(Self.head(of: path, bytes: 4096))
        case .textScreen:
            return Self.isTextScreen(Self.head(of: path, bytes: 4 << 20))
        case .corpusText:
            let head = Self.head(of: path, bytes: 1 << 20)
            return !head.contains(0) && Self.isUTF8(head)
        case .jobList:
            return Self.isJobList(Self.head(of: path, bytes: 4 << 20))
        case .jsonReport(let shape):
            guard let size = Self.size(of: path), size <= Self.largestReport else { return false }
            return Self.isReport(Self.head(of: path, bytes: size), shape: shape)
        }
    }

    /// Empty, or a first line that is a metrics record (an object with a known `type` and a `step`).
    static func isMetricsFile(_ head: [UInt8]) -> Bool {
        if head.isEmpty { return true }
        guard let newline = head.firstIndex(of: 0x0A),
              let object = try? JSONSerialization.jsonObject(with: Data(head[..<newline])) as? [String: Any],
              let type = object["type"] as? String, MetricsRecord.Kind(rawValue: type) != nil,
              object["step"] is NSNumber else { return false }
        return true
    }

    /// A file's head as UTF-8 text, allowing a character cut at its end; nil when it is not UTF-8.
    static func text(ofHead head: [UInt8]) -> String? {
        (0...min(3, head.count)).lazy.compactMap { String(bytes: head.dropLast($0), encoding: .utf8) }.first
    }

    /// Valid UTF-8, allowing a character cut at the end of a file's head.
    static func isUTF8(_ head: [UInt8]) -> Bool { text(ofHead: head) != nil }

    /// Starts, after white space and an XML declaration or comments, with an `<svg` element.
    static func isSVG(_ head: [UInt8]) -> Bool {
        guard let text = text(ofHead: head) else { return false }
        var rest = Substring(text).drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        while rest.hasPrefix("<?") || rest.hasPrefix("<!--") || rest.hasPrefix("<!DOCTYPE") {
            let close = rest.hasPrefix("<?") ? "?>" : rest.hasPrefix("<!--") ? "-->" : ">"
            guard let end = rest.range(of: close) else { return false }
            rest = rest[end.upperBound...].drop(while: { $0.isWhitespace })
        }
        return rest.hasPrefix("<svg")
    }

    /// The rule for text screens: what `--text-out` writes is a rectangle of at least 80x24
    /// characters (the dashboard's smallest size): UTF-8 without NUL bytes, at least 24 lines, all
    /// of the same width of at least 80 characters. A corpus, a config, notes or source code are
    /// never such a rectangle, so they are refused; an earlier screen of any size is replaced.
    static func isTextScreen(_ bytes: [UInt8]) -> Bool {
        guard !bytes.contains(0), let text = String(bytes: bytes, encoding: .utf8) else { return false }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard lines.count >= 24, let width = lines.first?.unicodeScalars.count, width >= 80 else { return false }
        return lines.allSatisfy { $0.unicodeScalars.count == width }
    }

    /// Empty, or UTF-8 lines that each run one job of a study into a results folder: what
    /// `--emit-jobs` writes (a script or notes are refused).
    static func isJobList(_ head: [UInt8]) -> Bool {
        guard !head.contains(0), let text = text(ofHead: head) else { return false }
        return text.split(separator: "\n").allSatisfy { $0.contains(" study ") && $0.contains(" --results ") }
    }

    static func isReport(_ bytes: [UInt8], shape: JSONReportShape) -> Bool {
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes)) else { return false }
        func isObject(_ value: Any, with keys: [String]) -> Bool {
            guard let object = value as? [String: Any] else { return false }
            return keys.allSatisfy { object[$0] != nil }
        }
        switch shape {
        case .object(let keys):
            return isObject(json, with: keys)
        case .arrayOfObjects(let keys):
            guard let array = json as? [Any] else { return false }
            return array.allSatisfy { isObject($0, with: keys) }
        }
    }

    static func size(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// The first `bytes` bytes of the file (fewer when it is shorter; none when it cannot be read).
    static func head(of path: String, bytes: Int) -> [UInt8] {
        guard bytes > 0, let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        return Array((try? handle.read(upToCount: bytes)) ?? Data())
    }
}

extension OutputKind {
    /// `bench --json`: `BenchReport`'s top-level keys.
    public static let benchReport = OutputKind.jsonReport(.object(keys: ["sgemm_gflops", "backward", "train"]))
    /// `study truncation --json`: one `TruncationStudy.RunResult` per element.
    public static let truncationStudyReport = OutputKind.jsonReport(.arrayOfObjects(keys: ["reach", "seed", "updates"]))
    /// `study gradients --json`: one `GradientStudy.RunResult` per element.
    public static let gradientStudyReport = OutputKind.jsonReport(.arrayOfObjects(keys: ["seed", "readings"]))
}

extension OutputKind {
    /// A study's results folder (`StudyRecord`): its plan, `study.json`.
    public static let studyPlan = OutputKind.jsonReport(.object(keys: ["format", "study", "settings", "axes", "runs"]))
    /// One run's record in that folder.
    public static let studyRun = OutputKind.jsonReport(.object(keys: ["format", "study", "settings", "run", "result"]))
}
