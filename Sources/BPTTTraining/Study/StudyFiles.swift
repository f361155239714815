import Foundation
import BPTTNumerics

/// Reading a study's results folder back (`bptt-lab study report DIR`): the plan and every run
/// record, merged in the plan's order. Anything that would make the table lie is refused in one
/// line naming the file: a file that is not a record, a record of another study, a run twice.
public enum StudyFiles {
    static let floats = JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    static let decodedFloats = JSONDecoder.NonConformingFloatDecodingStrategy.convertFromString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    /// The runs found, in the plan's order, and the planned runs without a record yet.
    public struct Merged<Settings: Codable & Equatable & Sendable, Result: Codable & Sendable> {
        public var plan: StudyRecord.Plan<Settings>
        public var results: [Result]
        public var missing: [StudyRecord.Run]
    }

    /// Which study the folder's plan is for ("truncation", "gradients").
    public static func study(in folder: String) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw LabError("\(folder): not a folder; give the --results folder of a study")
        }
        let path = StudyFolder.planPath(folder)
        guard FileManager.default.fileExists(atPath: path) else {
            throw LabError("\(folder): no \(StudyRecord.planFile) in it (the plan --emit-jobs or --results writes): "
                + "no study results to report")
        }
        return try header(path, format: StudyRecord.planFormat, what: "a study plan").study
    }

    static func readPlan<S>(_ folder: String, study: String) throws -> StudyRecord.Plan<S> {
        let path = StudyFolder.planPath(folder)
        let found = try header(path, format: StudyRecord.planFormat, what: "a study plan")
        guard found.study == study else {
            throw LabError("\(path): the plan of a \(found.study) study, not of a \(study) study")
        }
        let plan: StudyRecord.Plan<S> = try decode(path)
        guard !plan.axes.isEmpty, plan.runs.allSatisfy({ Set($0.keys) == Set(plan.axes) }) else {
            throw LabError("\(path): malformed study plan: a run without a value on each of its axes")
        }
        return plan
    }

    /// Every run record in `folder` (files ending in .json beside the plan), checked against the plan.
    public static func merge<S, R>(_ folder: String, study: String, run key: (R) -> StudyRecord.Run) throws -> Merged<S, R> {
        let plan: StudyRecord.Plan<S> = try readPlan(folder, study: study)
        let planPath = StudyFolder.planPath(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") && $0 != StudyRecord.planFile }.sorted()
        var found: [StudyRecord.Run: (path: String, result: R)] = [:]
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            let kind = try header(path, format: StudyRecord.runFormat, what: "a study run record")
            guard kind.study == plan.study else {
                throw LabError("\(path): a run of a \(kind.study) study, but \(planPath) plans a \(plan.study) study")
            }
            let record: StudyRecord.RunFile<S, R> = try decode(path)
            if let differs = difference(record.settings, plan.settings) {
                throw LabError("\(path): from another study: \(differs) in \(planPath)")
            }
            let run = StudyRecord.describe(record.run, axes: plan.axes)
            guard plan.runs.contains(record.run) else {
                throw LabError("\(path): \(run) is not a run of \(planPath)")
            }
            guard key(record.result) == record.run else {
                throw LabError("\(path): names \(run) but holds the result of "
                    + StudyRecord.describe(key(record.result), axes: plan.axes))
            }
            if let other = found[record.run] {
                throw LabError("\(path): \(run) a second time (also in \(other.path)); remove one")
            }
            found[record.run] = (path, record.result)
        }
        guard !found.isEmpty else {
            throw LabError("\(folder): none of the \(plan.runs.count) planned runs has a record yet")
        }
        return Merged(plan: plan, results: plan.runs.compactMap { found[$0]?.result },
                      missing: plan.runs.filter { found[$0] == nil })
    }

    /// The first setting that differs, as "config.hidden is 8 here, 16" (the caller says where the
    /// 16 is), or nil when they are equal.
    static func difference<S: Encodable & Equatable>(_ a: S, _ b: S) -> String? {
        guard a != b else { return nil }
        let (left, right) = (flatten(a), flatten(b))
        for key in Set(left.keys).union(right.keys).sorted() where left[key] != right[key] {
            return "\(key) is \(left[key] ?? "absent") here, \(right[key] ?? "absent")"
        }
        return "the settings differ"
    }

    /// Settings as "path" -> "value" pairs, for naming the one that differs.
    static func flatten<S: Encodable>(_ value: S) -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = floats
        guard let data = try? encoder.encode(value), let json = try? JSONSerialization.jsonObject(with: data) else { return [:] }
        var pairs: [String: String] = [:]
        func walk(_ node: Any, _ path: String) {
            if let object = node as? [String: Any] {
                for (key, child) in object { walk(child, path.isEmpty ? key : "\(path).\(key)") }
            } else if let array = node as? [Any] {
                for (index, child) in array.enumerated() { walk(child, "\(path)[\(index)]") }
            } else {
                pairs[path] = "\(node)"
            }
        }
        walk(json, "")
        return pairs
    }

    static func header(_ path: String, format: String, what: String) throws -> StudyRecord.Header {
        guard let json = try? JSONSerialization.jsonObject(with: try contents(path)) else {
            throw LabError("\(path): malformed: not JSON")
        }
        guard let object = json as? [String: Any], object["format"] as? String == format,
              let study = object["study"] as? String else {
            throw LabError("\(path): not \(what) of bptt-lab (no \"format\": \"\(format)\" and \"study\")")
        }
        return StudyRecord.Header(format: format, study: study)
    }

    static func decode<T: Decodable>(_ path: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = decodedFloats
        do {
            return try decoder.decode(T.self, from: try contents(path))
        } catch let error as DecodingError {
            throw LabError("\(path): malformed: \(reason(error))")
        }
    }

    static func contents(_ path: String) throws -> Data {
        if let size = OutputKind.size(of: path), size > OutputKind.largestReport {
            throw LabError("\(path): \(size) bytes, too large for a study file")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw LabError("\(path): cannot read it") }
        return data
    }

    /// A decoding error in a few words, with the path of the field.
    static func reason(_ error: DecodingError) -> String {
        func field(_ path: [CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "no \(field(context.codingPath + [key]))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(field(context.codingPath)) is not what it should be"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "\(field(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
