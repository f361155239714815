import Foundation

/// Runs bench/numpy_reference.py (the blog post's two algorithms, naive and optimized, in numpy) at the table-1 sizes.
public enum NumpyReference {
    public struct Timing: Codable, Sendable, Equatable {
        public var hidden: Int, length: Int, naiveMilliseconds: Double, optimizedMilliseconds: Double
        enum CodingKeys: String, CodingKey {
            case hidden = "H", length = "T", naiveMilliseconds = "naive_ms", optimizedMilliseconds = "optimized_ms"
        }
    }

    struct Output: Codable {
        var numpy: String
        var backward: [Timing]
    }

    public enum Outcome: Sendable, Equatable {
        case measured(version: String, timings: [Timing])
        /// Why there is no numpy column (no python3, no numpy, no script, or the script failed).
        case skipped(String)
    }

    /// The script: the explicit path, else bench/numpy_reference.py under the current directory,
    /// else next to this source checkout.
    public static func locateScript(explicit: String?) -> String? {
        if let explicit { return FileManager.default.isReadableFile(atPath: explicit) ? explicit : nil }
        let candidates = [
            FileManager.default.currentDirectoryPath + "/bench/numpy_reference.py",
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("bench/numpy_reference.py").path,
        ]
        return candidates.first { FileManager.default.isReadableFile(atPath: $0) }
    }

    public static func run(script: String?, plan: BenchPlan) -> Outcome {
        guard let script = locateScript(explicit: script) else {
            return .skipped("bench/numpy_reference.py not found (run from the repository root or pass --numpy-script)")
        }
        let sizes = plan.hiddenSizes.flatMap { h in plan.lengths.map { "\(h)x\($0)" } }.joined(separator: ",")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--sizes", sizes, "--vocabulary", "\(plan.vocabulary)",
                             "--runs", "\(plan.numpyRuns)", "--warmup", "\(plan.numpyWarmup)"]
        // numpy on one BLAS thread, like the Swift side.
        var environment = ProcessInfo.processInfo.environment
        for key in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] { environment[key] = "1" }
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .skipped("python3 could not be started: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = errorText.split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"
            return .skipped("numpy reference unavailable: \(reason)")
        }
        guard let parsed = try? JSONDecoder().decode(Output.self, from: data) else {
            return .skipped("numpy reference printed output that is not the expected JSON")
        }
        return .measured(version: parsed.numpy, timings: parsed.backward)
    }
}
