import Foundation

/// Reads a text file as validated UTF-8 without stray control characters, at most
/// `TextLimits.maximumFileBytes`, turning every failure into a `CorpusError` naming the file. A
/// folder is read as the text of its files (`TextFolder`).
enum TextFile {
    static func read(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CorpusError.missing(path)
        }
        if isDirectory.boolValue { return try TextFolder.read(path) }
        // A device or FIFO (/dev/zero) would be read forever or fail with a misleading error.
        if let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType,
           type != .typeRegular {
            throw CorpusError.unreadable(path, "it is not a regular file (a device, FIFO or socket); give a text file")
        }
        return try decode(try readBytes(path, limit: TextLimits.maximumFileBytes), file: path)
    }

    /// The file's bytes, refused from its size before anything is read when it is over `limit` (and
    /// read no further than the limit should it grow meanwhile).
    static func readBytes(_ path: String, limit: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CorpusError.unreadable(path, String(cString: strerror(errno)))
        }
        defer { try? handle.close() }
        do {
            let size = Int(clamping: try handle.seekToEnd())
            if size > limit { throw CorpusError.tooLarge(path, bytes: size, limit: limit) }
            try handle.seek(toOffset: 0)
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            if data.count > limit { throw CorpusError.tooLarge(path, bytes: data.count, limit: limit) }
            return [UInt8](data)
        } catch let error as CorpusError {
            throw error
        } catch {
            throw CorpusError.unreadable(path, error.localizedDescription)
        }
    }

    /// Validates `bytes` as UTF-8 (a leading byte-order mark is dropped) and decodes them.
    static func decode(_ bytes: [UInt8], file: String) throws -> String {
        if bytes.isEmpty { throw CorpusError.empty(file) }
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        let start = hasBOM ? 3 : 0
        if let offset = UTF8Validation.firstInvalidOffset(bytes, from: start) {
            throw CorpusError.invalidUTF8(file, at: offset)
        }
        if let offset = TextLimits.firstControlOffset(bytes, from: start) {
            throw CorpusError.controlCharacter(file, byte: bytes[offset], at: offset,
                                               line: TextLimits.line(of: offset, in: bytes))
        }
        return String(decoding: bytes[start...], as: UTF8.self)
    }
}

/// A strict UTF-8 check (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF)
/// that reports where the first bad sequence starts, which the standard library does not.
enum UTF8Validation {
    static func firstInvalidOffset(_ bytes: [UInt8], from start: Int = 0) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            var i = start
            let n = buffer.count
            while i < n {
                let lead = buffer[i]
                if lead < 0x80 { i += 1; continue }
                let length: Int
                var low: UInt8 = 0x80, high: UInt8 = 0xBF   // allowed range of the second byte
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; low = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; high = 0x9F
                case 0xF0: length = 4; low = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; high = 0x8F
                default: return i
                }
                if i + length > n { return i }
                let second = buffer[i + 1]
                if second < low || second > high { return i }
                var k = 2
                while k < length {
                    if buffer[i + k] & 0xC0 != 0x80 { return i }
                    k += 1
                }
                i += length
            }
            return nil
        }
    }
}
