import CKernels
import COpenBLAS

/// Per-thread floating-point set-up and BLAS threading.
public enum NumericsEnvironment {
    /// Turns flush-to-zero and denormals-are-zero on for the calling thread (x86; no-op elsewhere).
    /// Without it, decaying errors in long backward sweeps become subnormal and each operation on them
    /// costs ~100x (measured: the naive engine up to 7x slower at T=200). The engines also switch it
    /// on for their own duration; call this on any thread that trains or benchmarks.
    public static func enableFlushToZero() { _ = bptt_enable_ftz_daz() }

    /// Whether FTZ and DAZ are both on for the calling thread.
    public static var flushToZeroEnabled: Bool { bptt_ftz_daz_enabled() == 1 }

    /// Runs `body` with FTZ/DAZ on and restores the caller's setting afterwards.
    @inlinable
    public static func withFlushToZero<R>(_ body: () throws -> R) rethrows -> R {
        let previous = bptt_enable_ftz_daz()
        defer { bptt_restore_fp_control(previous) }
        return try body()
    }

    /// Number of threads OpenBLAS may use (process-wide). Benchmarks set 1.
    public static var blasThreads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }

    /// OpenBLAS build description (core type, threading), for bench reports.
    public static var blasConfiguration: String {
        guard let config = openblas_get_config() else { return "unknown" }
        return String(cString: config)
    }
}
