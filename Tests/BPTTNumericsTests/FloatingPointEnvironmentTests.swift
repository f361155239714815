import Testing
import CKernels
@testable import BPTTNumerics

@Test func flushToZeroIsPerThreadAndCanBeTurnedOn() {
    let previous = bptt_enable_ftz_daz()
    #expect(bptt_ftz_daz_enabled() == 1)
    let tiny: Float = 1e-39 // subnormal
    let scaled = tiny * 0.5
    #expect(scaled == 0)
    bptt_restore_fp_control(previous)
}
