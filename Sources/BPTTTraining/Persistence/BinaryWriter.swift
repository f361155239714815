/// Builds a little-endian byte payload for a checkpoint section. Arrays and strings are
/// prefixed with their length (UInt64 element count, UInt32 byte count for strings).
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Any fixed-width integer in its own size (Int and UInt are 8 bytes).
    public mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// UTF-8 bytes after a UInt32 byte count.
    public mutating func write(_ value: String) {
        let utf8 = Array(value.utf8)
        write(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    public mutating func write(_ values: [Float]) { writeArray(values, bits: \.bitPattern) }
    public mutating func write<T: FixedWidthInteger>(_ values: [T]) { writeArray(values, bits: { $0 }) }

    public mutating func write(_ values: [String]) {
        write(UInt64(values.count))
        for value in values { write(value) }
    }

    /// Raw bytes after a UInt64 count.
    public mutating func writeBytes(_ values: [UInt8]) {
        write(UInt64(values.count))
        bytes.append(contentsOf: values)
    }

    private mutating func writeArray<Element, Bits: FixedWidthInteger>(_ values: [Element], bits: (Element) -> Bits) {
        write(UInt64(values.count))
        #if _endian(little)
        // The in-memory layout already is the file layout.
        _ = bits
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        bytes.reserveCapacity(bytes.count + values.count * MemoryLayout<Bits>.size)
        for value in values { write(bits(value)) }
        #endif
    }
}
