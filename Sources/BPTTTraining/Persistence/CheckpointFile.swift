import Foundation

/// The checkpoint container: named binary sections in one versioned, checksummed file.
///
/// Layout (all integers little-endian):
///
///     "BPTTCKPT"                                  8 bytes magic
///     version                                     UInt32 (1; 2 for a class model; 3 for a gated cell)
///     section count                               UInt32
///     total file length                           UInt64
///     per section: name length UInt16, name (UTF-8), payload length UInt64
///     payloads, in table order
///     FNV-1a 64 of every byte before it           UInt64
///
/// What goes into the sections (config, vocabulary, weights, optimizer and RNG state, step) is
/// up to the trainer; `BinaryWriter` / `BinaryReader` encode them.
public enum CheckpointFile {
    /// The newest container version; this build reads 1 to 3. Versions 2 and 3 mark a checkpoint whose
    /// weights an older reader would misread (2: a class model, 3: a gated cell, see
    /// `CheckpointWeights`): builds that read only older versions refuse it instead. Everything else is
    /// still written as version 1.
    public static let formatVersion: UInt32 = 3
    static let readableVersions: ClosedRange<UInt32> = 1...formatVersion
    static let magic = Array("BPTTCKPT".utf8)
    static let headerSize = 24
    static let maximumNameLength = 1024

    /// Writes the sections atomically (see `AtomicFile`): a crash leaves the old file or the new one.
    public static func write(sections: [(name: String, data: [UInt8])], to path: String, version: UInt32 = 1) throws {
        try write(sections: sections, to: path, version: version, fault: nil)
    }

    static func write(sections: [(name: String, data: [UInt8])], to path: String, version: UInt32 = 1,
                      fault: AtomicFile.Fault?) throws {
        let bytes = try encode(sections, path: path, version: version)
        do {
            try AtomicFile.write(bytes, to: path, fault: fault)
        } catch {
            throw CheckpointError(kind: .writeFailed, path: path,
                                  message: "\(path): cannot save the checkpoint: \(error.operation) failed: \(error.reason)")
        }
    }

    /// Reads and verifies a checkpoint; returns its sections by name.
    public static func read(from path: String) throws -> [String: [UInt8]] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CheckpointError(kind: .notFound, path: path, message: "\(path): no such checkpoint file")
        }
        // A foreign file (a 1 GB text given as --resume) is refused from its first bytes, unread.
        if !isDirectory.boolValue, let handle = FileHandle(forReadingAtPath: path) {
            let prefix = [UInt8]((try? handle.read(upToCount: magic.count)) ?? Data())
            try? handle.close()
            if !prefix.elementsEqual(magic.prefix(prefix.count)) { _ = try decode(prefix, path: path) }
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw CheckpointError(kind: .unreadable, path: path,
                                  message: "\(path): cannot read the checkpoint" + (isDirectory.boolValue ? " (it is a directory)" : ""))
        }
        return try decode(Array(data), path: path)
    }

    // MARK: encoding

    static func encode(_ sections: [(name: String, data: [UInt8])], path: String, version: UInt32 = 1) throws -> [UInt8] {
        var seen = Set<String>()
        for section in sections {
            let length = section.name.utf8.count
            guard length > 0, length <= maximumNameLength else {
                throw CheckpointError(kind: .invalidArgument, path: path,
                                      message: "\(path): section names must have 1...\(maximumNameLength) bytes, got \(length)")
            }
            guard seen.insert(section.name).inserted else {
                throw CheckpointError(kind: .invalidArgument, path: path,
                                      message: "\(path): section '\(section.name)' is given twice")
            }
        }
        let tableSize = sections.reduce(0) { $0 + 2 + $1.name.utf8.count + 8 }
        let total = headerSize + tableSize + sections.reduce(0) { $0 + $1.data.count } + 8
        var writer = BinaryWriter()
        for byte in magic { writer.write(byte) }
        writer.write(version)
        writer.write(UInt32(sections.count))
        writer.write(UInt64(total))
        for section in sections {
            let name = Array(section.name.utf8)
            writer.write(UInt16(name.count))
            for byte in name { writer.write(byte) }
            writer.write(UInt64(section.data.count))
        }
        var bytes = writer.bytes
        bytes.reserveCapacity(total)
        for section in sections { bytes.append(contentsOf: section.data) }
        var trailer = BinaryWriter()
        trailer.write(FNV1a64.hash(bytes))
        bytes.append(contentsOf: trailer.bytes)
        return bytes
    }

    // MARK: decoding

    /// Checks, in order: magic (foreign file), version, length (truncated), checksum (corrupted),
    /// then the section table.
    static func decode(_ bytes: [UInt8], path: String) throws -> [String: [UInt8]] {
        func fail(_ kind: CheckpointError.Kind, _ reason: String) -> CheckpointError {
            CheckpointError(kind: kind, path: path, message: "\(path): \(reason)")
        }
        let prefix = min(bytes.count, magic.count)
        guard bytes[0..<prefix].elementsEqual(magic[0..<prefix]) else {
            throw fail(.notACheckpoint, "not a bptt-lab checkpoint (unknown file type)")
        }
        guard bytes.count >= headerSize else {
            throw fail(.truncated, "the checkpoint is truncated (\(bytes.count) bytes, shorter than its header)")
        }
        var header = BinaryReader(Array(bytes[magic.count..<headerSize]), context: path)
        let version = try header.read(UInt32.self)
        let count = try header.read(UInt32.self)
        let total = try header.read(UInt64.self)
        guard readableVersions.contains(version) else {
            throw fail(.unsupportedVersion(found: version, expected: formatVersion),
                       "unsupported checkpoint version \(version) (this bptt-lab reads versions "
                       + "\(readableVersions.lowerBound) to \(readableVersions.upperBound))")
        }
        let checksumOK = bytes.count >= headerSize + 8 && bytes.withUnsafeBytes { all in
            let stored = all.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
            return UInt64(littleEndian: stored) == FNV1a64.hash(UnsafeRawBufferPointer(rebasing: all[0..<(bytes.count - 8)]))
        }
        if !checksumOK || total != UInt64(bytes.count) {
            if UInt64(bytes.count) < total {
                throw fail(.truncated, "the checkpoint is truncated (\(bytes.count) of \(total) bytes); it was not written completely")
            }
            throw fail(.corrupted, "checksum mismatch: the checkpoint is corrupted")
        }

        var table = BinaryReader(Array(bytes[headerSize..<(bytes.count - 8)]), context: path)
        var entries: [(name: String, length: Int)] = []
        do {
            for _ in 0..<count {
                let nameLength = Int(try table.read(UInt16.self))
                var nameBytes: [UInt8] = []
                for _ in 0..<nameLength { nameBytes.append(try table.read(UInt8.self)) }
                guard let name = String(validating: nameBytes, as: UTF8.self) else {
                    throw fail(.corrupted, "a section name is not UTF-8")
                }
                entries.append((name, Int(clamping: try table.read(UInt64.self))))
            }
        } catch let error as CheckpointError where error.kind == .malformedSection {
            throw fail(.corrupted, "the section table is inconsistent")
        }
        var offset = headerSize + (bytes.count - 8 - headerSize - table.remaining)
        var sections: [String: [UInt8]] = [:]
        for entry in entries {
            guard entry.length <= bytes.count - 8 - offset, sections[entry.name] == nil else {
                throw fail(.corrupted, "the section table is inconsistent")
            }
            sections[entry.name] = Array(bytes[offset..<(offset + entry.length)])
            offset += entry.length
        }
        guard offset == bytes.count - 8 else { throw fail(.corrupted, "the section table is inconsistent") }
        return sections
    }
}
