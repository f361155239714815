#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level fill and copy of scalar buffers. The scalars are trivial types, so memset/memmove are
/// exact, and unlike `update(repeating:)` they stay fast in unspecialized generic code (which is
/// what another module calls into), where element-wise copies go through value witnesses.
extension UnsafeMutablePointer where Pointee: RNNScalar {
    @inlinable
    func zeroFill(count: Int) {
        _ = memset(self, 0, count * MemoryLayout<Pointee>.stride)
    }

    /// Overlapping ranges are fine (memmove).
    @inlinable
    func copyElements(from source: UnsafePointer<Pointee>, count: Int) {
        _ = memmove(self, source, count * MemoryLayout<Pointee>.stride)
    }
}
