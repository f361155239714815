import Foundation
import BPTTNumerics

extension ReferenceKernels {
    /// The reference of the test-support loop `bptt_bias_tanh_f32`: y[r] = tanh(y[r] + bias).
    static func biasTanh(_ y: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>, rows: Int, width: Int) {
        for r in 0..<rows {
            for i in 0..<width { y[r * width + i] = Foundation.tanh(y[r * width + i] + bias[i]) }
        }
    }
}
