/// Writing CSV fields (RFC 4180) into byte buffers, for writers that build rows themselves.
public enum CSVWriter {
    /// Appends a field, quoted when it holds a comma, quote or line break (quotes doubled).
    @inlinable
    public static func appendField(_ field: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        if !needsQuotes(field) { out.append(contentsOf: field); return }
        out.append(0x22)
        for b in field {
            if b == 0x22 { out.append(0x22) }
            out.append(b)
        }
        out.append(0x22)
    }

    /// Whether a field must be quoted: it holds a comma, quote or line break.
    @inlinable
    public static func needsQuotes(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        field.contains(where: needsQuotes)
    }

    /// Whether a byte makes its field need quotes: a comma, quote or line break.
    @inlinable
    public static func needsQuotes(_ byte: UInt8) -> Bool { byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D }

    /// Appends a text field (see ``appendField(_:to:)-(UnsafeBufferPointer<UInt8>,_)``).
    public static func appendField(_ field: String, to out: inout [UInt8]) {
        var s = field
        s.withUTF8 { appendField($0, to: &out) }
    }
}
