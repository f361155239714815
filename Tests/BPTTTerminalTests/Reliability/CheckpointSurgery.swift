import Foundation

/// Edits a checkpoint's section payload in place and writes a valid checksum again, so that the
/// file passes the container's checks and only the contents are absurd (the test target does not
/// link the training module: this reads the layout documented in `CheckpointFile`).
struct CheckpointSurgery {
    var bytes: [UInt8]

    init(path: String) throws {
        bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Byte offset of the payload of section `name`.
    func payloadOffset(_ name: String) throws -> Int {
        let count = Int(read(UInt32.self, at: 12))
        var cursor = 24
        var entries: [(String, Int)] = []
        for _ in 0..<count {
            let length = Int(read(UInt16.self, at: cursor))
            let sectionName = String(decoding: bytes[(cursor + 2)..<(cursor + 2 + length)], as: UTF8.self)
            entries.append((sectionName, Int(read(UInt64.self, at: cursor + 2 + length))))
            cursor += 2 + length + 8
        }
        for (sectionName, length) in entries {
            if sectionName == name { return cursor }
            cursor += length
        }
        throw HarnessError("no section \(name)")
    }

    /// Puts `value` (little-endian) at `offset` bytes into section `name`.
    mutating func write<T: FixedWidthInteger>(_ value: T, section name: String, at offset: Int = 0) throws {
        put(value, at: try payloadOffset(name) + offset)
    }

    /// The payload of section `name`.
    func payload(_ name: String) throws -> [UInt8] {
        let length = try tableEntry(name).1
        let start = try payloadOffset(name)
        return Array(bytes[start..<(start + length)])
    }

    /// Replaces the payload of section `name` (its length in the table and the total follow).
    mutating func replace(section name: String, with payload: [UInt8]) throws {
        let (entry, length) = try tableEntry(name)
        let start = try payloadOffset(name)
        bytes.replaceSubrange(start..<(start + length), with: payload)
        put(UInt64(payload.count), at: entry)
        put(UInt64(bytes.count), at: 16)
    }

    /// Offset of the table's length field of section `name`, and that length.
    private func tableEntry(_ name: String) throws -> (Int, Int) {
        var cursor = 24
        for _ in 0..<Int(read(UInt32.self, at: 12)) {
            let length = Int(read(UInt16.self, at: cursor))
            let sectionName = String(decoding: bytes[(cursor + 2)..<(cursor + 2 + length)], as: UTF8.self)
            if sectionName == name { return (cursor + 2 + length, Int(read(UInt64.self, at: cursor + 2 + length))) }
            cursor += 2 + length + 8
        }
        throw HarnessError("no section \(name)")
    }

    private mutating func put<T: FixedWidthInteger>(_ value: T, at start: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (i, byte) in raw.enumerated() { bytes[start + i] = byte }
        }
    }

    /// Writes the file with its FNV-1a 64 checksum recomputed.
    func save(to path: String) throws {
        var body = Array(bytes.dropLast(8))
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        withUnsafeBytes(of: hash.littleEndian) { body.append(contentsOf: $0) }
        try Data(body).write(to: URL(fileURLWithPath: path))
    }

    private func read<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }
}
