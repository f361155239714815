/// What a text corpus may be: how large (refused from its size, before it is read) and which
/// control characters it may hold.
public enum TextLimits {
    /// 128 MiB: text8 and enwik8, the usual large character corpora, are 100 MB (95 MiB); loading
    /// takes about 12 bytes of memory per byte of text (measured: 230 MB for 20 MB), 1.5 GB here.
    public static let maximumFileBytes = 128 << 20

    /// The ASCII control characters a text may hold: tab, line feed, carriage return (of "\r\n") and
    /// form feed (a page break in old plain-text books and sources; whitespace to the tokeniser).
    /// Every other one (NUL above all) means the file is binary or damaged, not text to learn.
    static func isAllowedControl(_ byte: UInt8) -> Bool {
        byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    /// The offset of the first forbidden control byte (C0 other than the allowed ones, or DEL).
    static func firstControlOffset(_ bytes: [UInt8], from start: Int = 0) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            var i = start
            while i < buffer.count {
                let byte = buffer[i]
                if (byte < 0x20 && !isAllowedControl(byte)) || byte == 0x7F { return i }
                i += 1
            }
            return nil
        }
    }

    /// The 1-based line that holds byte `offset`.
    static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    /// "1.5 GiB", "300 MiB", "12 KiB" (binary units, as `ls -lh` and `truncate -s 1G` count).
    public static func describe(bytes: Int) -> String {
        for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] where bytes >= 1 << shift {
            let tenths = (bytes * 10) >> shift
            return (tenths < 100 ? "\(tenths / 10).\(tenths % 10)" : "\(tenths / 10)") + " " + unit
        }
        return "\(bytes) bytes"
    }
}
