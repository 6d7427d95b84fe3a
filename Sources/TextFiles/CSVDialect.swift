/// How a delimited text file differs from UTF-8, comma-separated CSV with its header on the
/// first line: another delimiter (`;` from a European spreadsheet, a tab), title lines above the
/// header, a single-byte encoding.
public struct CSVDialect: Sendable, Equatable {
    /// The field delimiter (one ASCII byte other than a quote or a line break).
    public var delimiter: UInt8
    /// The 1-based line holding the header; the lines above it are skipped.
    public var headerRow: Int
    /// The text's encoding.
    public var encoding: TextEncoding

    /// A dialect; the default is plain CSV.
    public init(delimiter: UInt8 = 0x2C, headerRow: Int = 1, encoding: TextEncoding = .utf8) {
        self.delimiter = delimiter; self.headerRow = headerRow; self.encoding = encoding
    }

    /// Whether the text is plain CSV already (nothing to convert).
    public var isPlain: Bool { delimiter == 0x2C && headerRow == 1 && encoding == .utf8 }

    /// The delimiter named on a command line: one ASCII character other than a quote or a line
    /// break, or `tab` / `\t`; nil for anything else.
    public static func delimiter(named name: String) -> UInt8? {
        if name == "tab" || name == "\\t" || name == "\t" { return 0x09 }
        guard name.utf8.count == 1, let byte = name.utf8.first, byte < 0x80, ![0x22, 0x0A, 0x0D].contains(byte) else { return nil }
        return byte
    }
}

/// Turns text of a ``CSVDialect`` into plain CSV (UTF-8, commas, the header first), a piece at
/// a time, so that a reader of plain CSV can read it as it streams. Lines stay lines: a row's
/// line in the output plus ``skippedLines`` is its line in the input. Fields are re-quoted only
/// when they hold a comma; quoted fields are copied as they are.
public struct CSVDialectConverter {
    /// The dialect read.
    public let dialect: CSVDialect
    /// The input's name in errors.
    public let source: String
    /// The lines skipped above the header.
    public var skippedLines: Int { dialect.headerRow - 1 }
    private var line = 1
    private var offset = 0
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, afterQuoted }
    private var state = State.fieldStart
    /// The unquoted field being read (emitted when it ends: quoted if it holds a comma).
    private var field: [UInt8] = []
    /// The bytes of an incomplete UTF-8 sequence at the end of the last piece.
    private var partial: [UInt8] = []
    private var started = false

    /// A converter of `dialect` text named `source` in errors.
    public init(_ dialect: CSVDialect, source: String) { self.dialect = dialect; self.source = source }

    /// Converts the next piece of input (pieces may be cut anywhere).
    /// - Throws: ``TextFileError/csv(source:line:message:)`` for UTF-8 input that is not UTF-8,
    ///   naming the line and the byte offset and suggesting `--encoding`.
    public mutating func convert(_ piece: UnsafeBufferPointer<UInt8>) throws(TextFileError) -> [UInt8] {
        var start = 0
        if !started {
            started = true
            if piece.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3; offset = 3 }
        }
        let rest = UnsafeBufferPointer(rebasing: piece[start...])
        var text: [UInt8]
        if dialect.encoding == .utf8 {
            // Whole sequences only: a piece may end inside one, kept for the next.
            let carried = partial.count
            text = partial + Array(rest)
            var k = text.count - 1, back = 0
            while k >= 0, back < 3, text[k] & 0xC0 == 0x80 { k -= 1; back += 1 }
            var cut = text.count
            if k >= 0, text[k] >= 0xC0, text.count - k < (text[k] >= 0xF0 ? 4 : text[k] >= 0xE0 ? 3 : 2) { cut = k }
            partial = Array(text[cut...])
            text.removeLast(text.count - cut)
            let firstOffset = offset - carried
            try text.withUnsafeBufferPointer { b throws(TextFileError) in
                if let bad = UTF8Check.firstInvalidByte(in: b) { throw invalid(b, at: bad, firstOffset: firstOffset) }
            }
        } else {
            text = []
            dialect.encoding.appendUTF8(of: rest, to: &text)
        }
        offset += rest.count
        return split(text)
    }

    /// Converts what is left at the end of the input.
    /// - Throws: as ``convert(_:)``, for a UTF-8 sequence cut off by the end.
    public mutating func finish() throws(TextFileError) -> [UInt8] {
        if !partial.isEmpty {
            let bytes = partial, firstOffset = offset - partial.count
            try bytes.withUnsafeBufferPointer { b throws(TextFileError) in throw invalid(b, at: 0, firstOffset: firstOffset) }
        }
        var out: [UInt8] = []
        flushField(into: &out)
        return out
    }

    /// The error for the malformed byte at `index` of `text`, whose first byte is at
    /// `firstOffset` of the input.
    private func invalid(_ text: UnsafeBufferPointer<UInt8>, at index: Int, firstOffset: Int) -> TextFileError {
        let lines = text[..<index].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return .csv(source: source, line: line + lines, message: UTF8Check.message(byte: text[index], offset: firstOffset + index))
    }

    /// Re-delimits UTF-8 text: skips the lines above the header, turns delimiters outside
    /// quotes into commas and quotes unquoted fields that hold a comma (RFC 4180's rules: a
    /// quote opens a quoted field only at its start, `""` inside one is a quote).
    private mutating func split(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count + text.count / 16)
        for c in text {
            if line < dialect.headerRow {
                // A title line above the header: dropped whole (its quotes mean nothing).
                if c == 0x0A { line += 1 }
                continue
            }
            switch state {
            case .quoted:
                out.append(c)
                if c == 0x22 { state = .quoteInQuoted }
                if c == 0x0A { line += 1 }
                continue
            case .quoteInQuoted where c == 0x22:
                out.append(c)  // `""`: a quote inside the field
                state = .quoted
                continue
            case .quoteInQuoted:
                state = .afterQuoted  // the field's closing quote; c is read below
            default:
                break
            }
            switch c {
            case 0x22 where state == .fieldStart:
                out.append(c)
                state = .quoted
            case dialect.delimiter:
                flushField(into: &out)
                out.append(0x2C)
                state = .fieldStart
            case 0x0A:
                flushField(into: &out)
                out.append(c)
                line += 1
                state = .fieldStart
            default:
                if state == .afterQuoted {
                    out.append(c)  // text after a closing quote (or a CR): the reader judges it
                } else {
                    field.append(c)
                    state = .unquoted
                }
            }
        }
        return out
    }

    /// Emits the unquoted field read so far: as it is, or quoted when it holds a comma (which
    /// was no delimiter in the input), its quotes doubled.
    private mutating func flushField(into out: inout [UInt8]) {
        defer { field.removeAll(keepingCapacity: true) }
        guard !field.isEmpty else { return }
        if field.contains(0x2C) {
            // A CRLF's CR stays outside the quotes, where it ends the line.
            let cr = field.last == 0x0D
            out.append(0x22)
            for b in field.dropLast(cr ? 1 : 0) {
                if b == 0x22 { out.append(0x22) }
                out.append(b)
            }
            out.append(0x22)
            if cr { out.append(0x0D) }
        } else {
            out.append(contentsOf: field)
        }
    }
}
