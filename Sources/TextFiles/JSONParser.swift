/// Where in a text file something was found: 1-based line and column.
public struct TextPosition: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line.
    public let line: Int
    /// 1-based column, in bytes.
    public let column: Int
    public var description: String { "line \(line), column \(column)" }
}

/// A JSON syntax error and where it is.
package struct JSONSyntaxError: Error {
    package let message: String
    package let offset: Int
}

/// A small, strict JSON parser (RFC 8259) over UTF-8 bytes that reports byte offsets of errors.
///
/// Written here rather than using Foundation's so that coordinate arrays can be read straight
/// into flat `[Double]` buffers (a polygon of a million vertices costs 16 MB, not a tree of
/// boxed values), member order and number text are kept, and errors carry a line and column.
///
/// Strict where RFC 8259 is: numbers follow its grammar exactly (no `+1`, `01`, `.5`, `1.`,
/// `NaN` or `Infinity`; the error says what JSON allows), strings must be valid UTF-8 without
/// raw control characters, and `\u` escapes must form whole UTF-16 surrogate pairs. Lone
/// surrogates, which RFC 8259 leaves to the implementation, are refused: they cannot become
/// text, and silently replacing them would turn two different ids into the same one.
/// Every arithmetic on input bytes is either bounded by construction or wrapping, so no input
/// can trap; the nesting depth is limited so that none can exhaust the stack.
package struct JSONParser {
    package let bytes: UnsafeBufferPointer<UInt8>
    package var offset = 0
    /// Nesting limit, so hostile input cannot overflow the stack.
    package static let maxDepth = 512
    package var depth = 0

    package init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A UTF-8 byte order mark is allowed and skipped.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
    }

    /// The line and column of a byte offset.
    package static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> TextPosition {
        var line = 1, lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
        return TextPosition(line: line, column: offset - lineStart + 1)
    }

    package func fail(_ message: String, at: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: at ?? offset)
    }

    @inline(__always) package mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    /// The next non-space byte, without consuming it; nil at the end.
    @inline(__always) package mutating func peek() -> UInt8? {
        skipWhitespace()
        return offset < bytes.count ? bytes[offset] : nil
    }

    package mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard peek() == byte else {
            throw fail(offset < bytes.count ? "expected \(what)" : "unexpected end of file, expected \(what)")
        }
        offset += 1
    }

    /// After a value in an array or object: consumes `,` and returns true, or consumes the
    /// closing byte and returns false.
    package mutating func continues(_ close: UInt8) throws -> Bool {
        switch peek() {
        case UInt8(ascii: ","): offset += 1; return true
        case close: offset += 1; return false
        case nil: throw fail("unexpected end of file inside \(close == UInt8(ascii: "]") ? "an array" : "an object")")
        default: throw fail("expected ',' or '\(Character(UnicodeScalar(close)))'")
        }
    }

    /// Iterates an object's members: `body` is called with each key, positioned at its value,
    /// and must consume the value.
    package mutating func forEachMember(_ body: (inout JSONParser, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"), "'{'")
        try enter()
        defer { depth -= 1 }
        if peek() == UInt8(ascii: "}") { offset += 1; return }
        repeat {
            guard peek() == UInt8(ascii: "\"") else { throw fail("expected a member name in quotes") }
            let key = try parseString()
            try expect(UInt8(ascii: ":"), "':'")
            try body(&self, key)
        } while try continues(UInt8(ascii: "}"))
    }

    /// Iterates an array's elements: `body` must consume each element.
    package mutating func forEachElement(_ body: (inout JSONParser) throws -> Void) throws {
        try expect(UInt8(ascii: "["), "'['")
        try enter()
        defer { depth -= 1 }
        if peek() == UInt8(ascii: "]") { offset += 1; return }
        repeat {
            try body(&self)
        } while try continues(UInt8(ascii: "]"))
    }

    package mutating func enter() throws {
        depth += 1
        if depth > JSONParser.maxDepth { throw fail("nesting deeper than \(JSONParser.maxDepth) levels") }
    }

    /// Parses any value into a tree.
    package mutating func parseValue() throws -> JSONValue {
        guard let byte = peek() else { throw fail("unexpected end of file, expected a value") }
        switch byte {
        case UInt8(ascii: "{"):
            var members: [JSONMember] = []
            try forEachMember { p, key in members.append(JSONMember(key, try p.parseValue())) }
            guard members.capacity > members.count + 2 else { return .object(members) }
            // Trimmed to its count: a loaded map keeps every feature's properties, and growth
            // by doubling leaves ten members in room for sixteen (10 MB of 40,000 features).
            var trimmed: [JSONMember] = []
            trimmed.reserveCapacity(members.count)
            trimmed.append(contentsOf: members)
            return .object(trimmed)
        case UInt8(ascii: "["):
            var items: [JSONValue] = []
            try forEachElement { p in items.append(try p.parseValue()) }
            return .array(items)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default:
            let (start, end) = try numberSpan()
            return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
        }
    }

    /// Skips any value without building it.
    package mutating func skipValue() throws {
        guard let byte = peek() else { throw fail("unexpected end of file, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): try forEachMember { p, _ in try p.skipValue() }
        case UInt8(ascii: "["): try forEachElement { p in try p.skipValue() }
        case UInt8(ascii: "\""): _ = try parseString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try numberSpan()
        }
    }

    package mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        let start = offset
        guard offset + n <= bytes.count else { throw fail("unexpected end of file", at: start) }
        for k in 0..<n where bytes[offset + k] != word.utf8Start[k] {
            throw invalidNumber(start)
        }
        if offset + n < bytes.count, Self.continuesToken(bytes[offset + n]) { throw invalidNumber(start) }
        offset += n
    }

    /// The byte range of a number token, checked against RFC 8259's grammar:
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    package mutating func numberSpan() throws -> (Int, Int) {
        skipWhitespace()
        let start = offset
        guard offset < bytes.count else { throw fail("unexpected end of file, expected a value") }
        @inline(__always) func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] &- 48 < 10 }
        var i = offset
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        if isDigit(i) {
            if bytes[i] == UInt8(ascii: "0") { i += 1 } else { while isDigit(i) { i += 1 } }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard isDigit(i) else { throw invalidNumber(start) }
                while isDigit(i) { i += 1 }
            }
            if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard isDigit(i) else { throw invalidNumber(start) }
                while isDigit(i) { i += 1 }
            }
            // A number must end at a delimiter: `01`, `1.2.3`, `2e3x` are not numbers.
            if i < bytes.count, Self.continuesToken(bytes[i]) { throw invalidNumber(start) }
            offset = i
            return (start, i)
        }
        throw invalidNumber(start)
    }

    /// Bytes that would continue a number or word token (so cannot directly follow a number).
    @inline(__always) package static func continuesToken(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b | 0x20 >= 97 && b | 0x20 <= 122) || b == UInt8(ascii: ".")
            || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b >= 0x80
    }

    /// The error for a token at `start` that is not a JSON value, quoting it (shortened).
    @inline(never)
    package func invalidNumber(_ start: Int) -> JSONSyntaxError {
        var end = start
        while end < bytes.count, end - start < 24, Self.continuesToken(bytes[end]) { end += 1 }
        if end == start || bytes[start] >= 0x80 {
            if bytes.count - start >= 3, bytes[start] == 0xEF, bytes[start + 1] == 0xBB, bytes[start + 2] == 0xBF {
                return fail("a byte order mark is allowed only at the start of the file", at: start)
            }
            return fail("unexpected \(JSONParser.describe(bytes[start])), expected a value", at: start)
        }
        let token = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        let lower = token.lowercased()
        if lower.hasPrefix("nan") || lower.hasPrefix("inf") || lower.hasPrefix("-inf") || lower.hasPrefix("+inf") {
            return fail("\(token) is not a JSON number; write null, or a finite number", at: start)
        }
        if let first = token.unicodeScalars.first, first.properties.isAlphabetic {
            return fail("unexpected word \"\(token)\", expected a value (strings need double quotes)", at: start)
        }
        return fail(
            "invalid number \"\(token)\": JSON numbers look like 12, -0.5 or 1e-3 (no leading + or zeros, digits on both sides of '.')", at: start)
    }

    /// A byte, named for an error message (printable ASCII as itself, others in hex).
    package static func describe(_ b: UInt8) -> String {
        (0x21...0x7E).contains(b) ? "character '\(Character(UnicodeScalar(b)))'" : "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    /// A number as a Double.
    package mutating func parseNumber() throws -> Double {
        let (start, end) = try numberSpan()
        // The grammar was checked, so the conversion cannot fail; a huge exponent gives ±infinity.
        guard let value = DecimalParsing.parse(bytes, start, end) else { throw invalidNumber(start) }
        return value
    }

    /// A string literal (the cursor is at its opening quote).
    package mutating func parseString() throws -> String {
        try expect(UInt8(ascii: "\""), "'\"'")
        let start = offset
        // Fast path: ASCII without escapes.
        while offset < bytes.count {
            let b = bytes[offset]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
                offset += 1
                return s
            }
            if b == UInt8(ascii: "\\") || b >= 0x80 { break }
            if b < 0x20 {
                throw fail("control character (byte 0x\(String(b, radix: 16, uppercase: true))) in a string; write it as an escape such as \\n")
            }
            offset += 1
        }
        var text = Array(UnsafeBufferPointer(rebasing: bytes[start..<offset]))
        while offset < bytes.count {
            let b = bytes[offset]
            if b == UInt8(ascii: "\"") { offset += 1; return String(decoding: text, as: UTF8.self) }
            if b < 0x20 {
                throw fail("control character (byte 0x\(String(b, radix: 16, uppercase: true))) in a string; write it as an escape such as \\n")
            }
            if b >= 0x80 {
                let n = try utf8SequenceLength()
                text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[offset..<(offset + n)]))
                offset += n
                continue
            }
            if b != UInt8(ascii: "\\") { text.append(b); offset += 1; continue }
            let escapeStart = offset
            offset += 1
            guard offset < bytes.count else { break }
            let e = bytes[offset]
            offset += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(e)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "u"):
                let code = try hex4()
                let scalar: UInt32
                switch code {
                case 0xD800..<0xDC00:
                    // A high surrogate must be followed by an escaped low surrogate; together they
                    // are one code point. Anything else is a lone surrogate, which is not text.
                    guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                        throw loneSurrogate(code, at: escapeStart)
                    }
                    offset += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw loneSurrogate(code, at: escapeStart) }
                    scalar = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                case 0xDC00..<0xE000:
                    throw loneSurrogate(code, at: escapeStart)
                default:
                    scalar = code
                }
                // Every value left is a valid scalar: below 0xD800, 0xE000...0xFFFF, or a pair.
                text.append(contentsOf: String(Character(UnicodeScalar(scalar)!)).utf8)
            default:
                throw fail(
                    "invalid escape: backslash then \(JSONParser.describe(e)) (JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)",
                    at: escapeStart)
            }
        }
        throw fail("unterminated string", at: start - 1)
    }

    /// The error for a `\u` escape of a UTF-16 surrogate that is not part of a pair.
    package func loneSurrogate(_ code: UInt32, at: Int) -> JSONSyntaxError {
        let hex = String(code, radix: 16)
        let which =
            code < 0xDC00
            ? "high surrogate \\u\(hex) is not followed by a low surrogate (\\udc00-\\udfff)"
            : "low surrogate \\u\(hex) does not follow a high surrogate"
        return fail("invalid \\u escape: \(which); a lone surrogate is not text", at: at)
    }

    /// The length of the well-formed UTF-8 sequence at `offset` (its first byte is >= 0x80).
    /// - Throws: for a byte that cannot start a sequence, a truncated or overlong sequence, a
    ///   surrogate or a code point above U+10FFFF (the Unicode standard's table 3-7).
    package func utf8SequenceLength() throws -> Int {
        let b0 = bytes[offset]
        let n: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF  // the allowed range of the second byte
        switch b0 {
        case 0xC2...0xDF: n = 2
        case 0xE0: n = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: n = 3
        case 0xED: n = 3; high = 0x9F
        case 0xF0: n = 4; low = 0x90
        case 0xF1...0xF3: n = 4
        case 0xF4: n = 4; high = 0x8F
        default: throw fail("invalid UTF-8 (byte 0x\(String(b0, radix: 16, uppercase: true))); the file must be UTF-8 text")
        }
        guard offset + n <= bytes.count else { throw fail("invalid UTF-8: truncated sequence; the file must be UTF-8 text") }
        for k in 1..<n {
            let b = bytes[offset + k]
            let ok = k == 1 ? (low...high).contains(b) : (0x80...0xBF).contains(b)
            guard ok else { throw fail("invalid UTF-8 sequence; the file must be UTF-8 text") }
        }
        return n
    }

    /// Four hex digits of a `\u` escape.
    package mutating func hex4() throws -> UInt32 {
        guard offset + 4 <= bytes.count else { throw fail("truncated \\u escape: four hex digits must follow") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[offset]
            let d: UInt32
            switch b {
            case 48...57: d = UInt32(b - 48)
            case 65...70: d = UInt32(b - 55)
            case 97...102: d = UInt32(b - 87)
            default: throw fail("invalid \\u escape: \(JSONParser.describe(b)) is not a hex digit")
            }
            v = v << 4 | d  // at most 0xFFFF after four digits
            offset += 1
        }
        return v
    }

    /// Fails unless only whitespace remains.
    package mutating func expectEnd() throws {
        if peek() != nil { throw fail("unexpected text after the end of the JSON value") }
    }
}
