import Foundation
import BPTTNumerics

/// About how much memory a trainer takes, so that a config no machine could hold (hidden 4096 with
/// batch 1024 and k1 + k2 = 2000: 140 GB) is refused in one line before anything is allocated,
/// instead of an allocation trap or the out-of-memory killer. A lower estimate (the large buffers
/// only) refused above the machine's physical memory: it never refuses a run that would fit.
struct MemoryEstimate {
    /// Bytes of the weights and their copies (gradient, sane and best weights, optimizer moments).
    var weights: Int
    /// Bytes of the BPTT workspace: the window's states, errors and, with the full softmax, its
    /// probabilities and output gradients.
    var workspace: Int
    var total: Int { weights &+ workspace }

    /// nil when a product overflows Int (then it is certainly too large).
    init?(shape: RNNShape, config: TrainingConfig, truncation: Truncation) {
        let moments = config.optimizer == .adam ? 2 : config.optimizer == .adagrad ? 1 : 0
        let window: Int
        if case .blocks(let k1, let k2) = truncation { window = k1 + k2 } else { window = Trainer.maxSentenceLength }
        let softmax = shape.classes == nil ? shape.vocabulary : 0
        let float = MemoryLayout<Float>.size
        guard let weights = Self.product([shape.parameterCount, 4 + moments, float]),
              let rows = Self.product([window, config.batch]),
              let perRow = Self.product([2, softmax]).flatMap({ Self.sum($0, Self.product([4, shape.hidden])) }),
              let workspace = Self.product([rows, perRow, float]),
              Self.sum(weights, workspace) != nil else { return nil }
        self.weights = weights
        self.workspace = workspace
    }

    /// Throws unless the estimate is within `available` bytes (default: the machine's memory).
    static func check(shape: RNNShape, config: TrainingConfig, truncation: Truncation,
                      available: Int = Int(clamping: ProcessInfo.processInfo.physicalMemory)) throws {
        let estimate = MemoryEstimate(shape: shape, config: config, truncation: truncation)
        guard let estimate, estimate.total <= available else {
            let need = estimate.map { "about \(gib($0.total)) (weights \(gib($0.weights)), workspace \(gib($0.workspace)))" }
                ?? "more than Int can count"
            throw LabError("the model \(shape) with batch \(config.batch) and \(truncation) would need \(need) of memory, "
                + "more than this machine's \(gib(available)): lower hidden, batch, k1 + k2 or the vocabulary (max_vocab)")
        }
    }

    private static func gib(_ bytes: Int) -> String { String(format: "%.1f GiB", Double(bytes) / Double(1 << 30)) }

    private static func product(_ factors: [Int]) -> Int? {
        var result = 1
        for factor in factors {
            let next = result.multipliedReportingOverflow(by: factor)
            if next.overflow { return nil }
            result = next.partialValue
        }
        return result
    }

    private static func sum(_ a: Int, _ b: Int?) -> Int? {
        guard let b else { return nil }
        let result = a.addingReportingOverflow(b)
        return result.overflow ? nil : result.partialValue
    }
}
