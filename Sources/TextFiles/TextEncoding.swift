/// The encodings a text input may be read in: UTF-8 (the default, checked), or one of the
/// single-byte encodings spreadsheets and older systems export, converted to UTF-8.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8 (a byte order mark at the start is accepted).
    case utf8
    /// ISO 8859-1: every byte is the code point of its value.
    case latin1
    /// Windows-1252: Latin-1 with printable characters (€, ‘’, “”, …) at 0x80–0x9F; its five
    /// unassigned bytes are read as the C1 controls of their value, as web browsers do.
    case cp1252

    /// The encoding named by `name` (`utf8`, `utf-8`, `latin1`, `iso-8859-1`, `cp1252`,
    /// `windows-1252`; any case), or nil.
    public init?(name: String) {
        switch name.lowercased() {
        case "utf8", "utf-8": self = .utf8
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1": self = .latin1
        case "cp1252", "windows-1252", "win1252": self = .cp1252
        default: return nil
        }
    }

    /// The code points of Windows-1252's bytes 0x80–0x9F.
    private static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Appends `bytes`, read in this single-byte encoding, to `out` as UTF-8 (ASCII is copied).
    /// Not for ``utf8``, which needs no conversion.
    public func appendUTF8(of bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            let scalar = self == .cp1252 && b < 0xA0 ? TextEncoding.cp1252High[Int(b) - 0x80] : UInt32(b)
            if scalar < 0x800 {
                out.append(UInt8(0xC0 | (scalar >> 6)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                out.append(UInt8(0xE0 | (scalar >> 12)))
                out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
    }
}

/// Where UTF-8 text goes wrong.
public enum UTF8Check {
    /// The position of the first byte in `bytes` that does not belong to well-formed UTF-8
    /// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or nil when all of
    /// it is. A sequence cut off by the end of `bytes` counts as malformed: callers give whole
    /// lines. ASCII runs are skipped eight bytes at a time.
    public static func firstInvalidByte(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let n = bytes.count
        var i = 0
        while i < n {
            // ASCII fast path: 32 then 8 bytes at a time while none has its high bit set.
            let raw = UnsafeRawPointer(base)
            while i + 32 <= n {
                let words =
                    raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
                if words & 0x8080_8080_8080_8080 != 0 { break }
                i += 32
            }
            while i + 8 <= n {
                if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < n else { return nil }
            let b0 = base[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int, low: UInt8, high: UInt8
            switch b0 {
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            default: return i
            }
            guard i + length <= n else { return i }
            // The second byte has the lead byte's range; the others are plain continuations.
            guard (low...high).contains(base[i + 1]) else { return i }
            for k in 2..<length where base[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// The one-line reason for the malformed byte at `offset` of a file, with what to do.
    public static func message(byte: UInt8, offset: Int) -> String {
        "byte 0x\(String(byte, radix: 16, uppercase: true)) at byte offset \(offset) is not UTF-8; the file must be UTF-8, "
            + "or give its encoding: --encoding latin1 (ISO 8859-1) or --encoding cp1252 (Windows-1252)"
    }
}
