/// What clipping found and did to one update's gradients.
public struct ClipReport: Sendable, Equatable {
    /// Global L2 norm of all gradients before clipping.
    public var norm: Double
    /// Whether the global-norm rule rescaled the gradients.
    public var rescaled: Bool
    /// Number of entries cut by the elementwise rule.
    public var elementsCut: Int
    /// Name of the first tensor holding a NaN or an infinity, if any (then nothing was changed).
    public var nonFiniteTensor: String?
}

public enum GradientClipping {
    /// Clips in place: first each entry to [-maxValue, maxValue] when maxValue > 0 (rnnlm's gradient
    /// cutoff), then the whole gradient to global norm maxNorm when maxNorm > 0.
    /// A non-finite gradient is reported and left as it is, so the caller can refuse the update.
    public static func clip(_ grads: inout RNNParameters<Float>, maxNorm: Double, maxValue: Double) -> ClipReport {
        var report = ClipReport(norm: 0, rescaled: false, elementsCut: 0, nonFiniteTensor: nil)
        var sumSquares = 0.0
        for (name, path) in rnnTensorKeyPaths {
            var tensorSum = 0.0
            grads[keyPath: path].withUnsafeBufferPointer { g in
                for x in g { tensorSum += Double(x) * Double(x) }
            }
            if !tensorSum.isFinite {
                report.nonFiniteTensor = name
                report.norm = .infinity
                return report
            }
            sumSquares += tensorSum
        }
        report.norm = sumSquares.squareRoot()
        if maxValue > 0 {
            let cut = Float(maxValue)
            var cutCount = 0
            sumSquares = 0
            for (_, path) in rnnTensorKeyPaths {
                grads[keyPath: path].withUnsafeMutableBufferPointer { g in
                    for i in 0..<g.count {
                        if g[i] > cut { g[i] = cut; cutCount += 1 } else if g[i] < -cut { g[i] = -cut; cutCount += 1 }
                        sumSquares += Double(g[i]) * Double(g[i])
                    }
                }
            }
            report.elementsCut = cutCount
        }
        let normAfterCut = sumSquares.squareRoot()
        if maxNorm > 0 && normAfterCut > maxNorm {
            let scale = Float(maxNorm / normAfterCut)
            for (_, path) in rnnTensorKeyPaths {
                grads[keyPath: path].withUnsafeMutableBufferPointer { g in
                    for i in 0..<g.count { g[i] *= scale }
                }
            }
            report.rescaled = true
        }
        return report
    }

    /// Multiplies every gradient by `factor` (e.g. 1/B to average over parallel streams).
    public static func scale(_ grads: inout RNNParameters<Float>, by factor: Float) {
        for (_, path) in rnnTensorKeyPaths {
            grads[keyPath: path].withUnsafeMutableBufferPointer { g in
                for i in 0..<g.count { g[i] *= factor }
            }
        }
    }
}
