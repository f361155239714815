import CKernels
import Foundation
import Testing
@testable import BPTTNumerics

struct FloatingPointEnvironmentTests {
    /// FTZ/DAZ is per thread; the scoped helper restores the caller's setting.
    @Test func flushToZeroIsScopedToTheCallingThread() {
        let previous = bptt_enable_ftz_daz()
        bptt_restore_fp_control(previous & ~0x8040)
        #expect(!NumericsEnvironment.flushToZeroEnabled)
        let subnormal = Float.leastNormalMagnitude / 4
        #expect(subnormal * 1 != 0, "subnormals exist with FTZ off")
        NumericsEnvironment.withFlushToZero {
            #expect(NumericsEnvironment.flushToZeroEnabled)
            // DAZ: a subnormal operand counts as zero; FTZ: a subnormal result becomes zero.
            #expect(subnormal * 1 == 0)
            #expect(Float.leastNormalMagnitude * 0.25 == 0)
        }
        #expect(!NumericsEnvironment.flushToZeroEnabled)
        bptt_restore_fp_control(previous)
    }

    /// The engines switch FTZ/DAZ on for their own duration and leave the thread as they found it.
    @Test func enginesLeaveTheThreadsSettingAlone() {
        let previous = bptt_enable_ftz_daz()
        bptt_restore_fp_control(previous & ~0x8040)
        let shape = RNNShape(vocabulary: 4, hidden: 3)
        let p = RNNParameters<Float>(shape: shape, seed: 1)
        let w = SequenceWindow(length: 2, batch: 1, inputs: [0, 1], targets: [1, 2])
        let workspace = RNNWorkspace<Float>(shape: shape, maxLength: 2, batch: 1)
        _ = rnnForward(p, w, initialState: [0, 0, 0], workspace: workspace)
        var grads = RNNParameters<Float>.zeros(shape: shape)
        _ = rnnBackward(p, w, workspace: workspace, engine: .naive, grads: &grads)
        #expect(!NumericsEnvironment.flushToZeroEnabled)
        bptt_restore_fp_control(previous)
    }
}
