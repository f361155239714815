/// Reads what `BinaryWriter` wrote, in the same order. Every read is bounds-checked and throws
/// `CheckpointError` (kind `.malformedSection`) naming `context` instead of reading past the end.
public struct BinaryReader: Sendable {
    private let bytes: [UInt8]
    public private(set) var offset = 0
    /// Where the bytes come from, for errors: e.g. "run.ckpt, section 'weights'".
    public let context: String

    public init(_ bytes: [UInt8], context: String = "checkpoint section") {
        self.bytes = bytes
        self.context = context
    }

    public var remaining: Int { bytes.count - offset }

    public mutating func read<T: FixedWidthInteger>(_ type: T.Type = T.self) throws -> T {
        let size = MemoryLayout<T>.size
        try need(size, "a \(size)-byte integer")
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
        offset += size
        return T(littleEndian: value)
    }

    public mutating func readString() throws -> String {
        let count = Int(try read(UInt32.self))
        try need(count, "a string of \(count) bytes")
        let utf8 = bytes[offset..<(offset + count)]
        guard let string = String(validating: utf8, as: UTF8.self) else { throw malformed("a string is not valid UTF-8") }
        offset += count
        return string
    }

    public mutating func readFloats() throws -> [Float] { try readArray(UInt32.self) { Float(bitPattern: $0) } }
    public mutating func readIntegers<T: FixedWidthInteger>(_ type: T.Type = T.self) throws -> [T] {
        try readArray(T.self) { $0 }
    }

    public mutating func readStrings() throws -> [String] {
        let count = try readCount(minimumElementSize: 4)
        return try (0..<count).map { _ in try readString() }
    }

    public mutating func readBytes() throws -> [UInt8] { try readIntegers(UInt8.self) }

    private mutating func readArray<Bits: FixedWidthInteger, Element>(_: Bits.Type,
                                                                      _ convert: (Bits) -> Element) throws -> [Element] {
        let size = MemoryLayout<Bits>.size
        let count = try readCount(minimumElementSize: size)
        let start = offset
        let values = bytes.withUnsafeBytes { source in
            (0..<count).map { i in
                convert(Bits(littleEndian: source.loadUnaligned(fromByteOffset: start + i * size, as: Bits.self)))
            }
        }
        offset += count * size
        return values
    }

    /// A UInt64 element count, refused when the rest could not hold that many elements
    /// (so a corrupted count cannot make us allocate gigabytes).
    private mutating func readCount(minimumElementSize size: Int) throws -> Int {
        let count = try read(UInt64.self)
        guard count <= UInt64(remaining / max(1, size)) else {
            throw malformed("an array claims \(count) elements but only \(remaining) bytes are left")
        }
        return Int(count)
    }

    private func need(_ count: Int, _ what: String) throws {
        guard count >= 0, count <= remaining else {
            throw malformed("\(what) is needed at byte \(offset) but only \(remaining) bytes are left")
        }
    }

    private func malformed(_ reason: String) -> CheckpointError {
        CheckpointError(kind: .malformedSection, path: context, message: "\(context): \(reason)")
    }
}
