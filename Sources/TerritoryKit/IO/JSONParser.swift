/// Where in a text file something was found: 1-based line and column.
public struct TextPosition: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line.
    public let line: Int
    /// 1-based column, in bytes.
    public let column: Int
    public var description: String { "line \(line), column \(column)" }
}

/// A JSON syntax error and where it is.
struct JSONSyntaxError: Error {
    let message: String
    let offset: Int
}

/// A small, strict JSON parser over UTF-8 bytes that reports byte offsets of errors.
///
/// Written here rather than using Foundation's so that coordinate arrays can be read straight
/// into flat `[Double]` buffers (a polygon of a million vertices costs 16 MB, not a tree of
/// boxed values), member order and number text are kept, and errors carry a line and column.
/// `NaN` and `Infinity` are accepted as numbers so that a file written by Python's json module
/// gets a precise "coordinate is not finite" report instead of a syntax error.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0
    /// Nesting limit, so hostile input cannot overflow the stack.
    static let maxDepth = 512
    var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A UTF-8 byte order mark is allowed and skipped.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
    }

    /// The line and column of a byte offset.
    static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> TextPosition {
        var line = 1, lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
        return TextPosition(line: line, column: offset - lineStart + 1)
    }

    func fail(_ message: String, at: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: at ?? offset)
    }

    @inline(__always) mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    /// The next non-space byte, without consuming it; nil at the end.
    @inline(__always) mutating func peek() -> UInt8? {
        skipWhitespace()
        return offset < bytes.count ? bytes[offset] : nil
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard peek() == byte else {
            throw fail(offset < bytes.count ? "expected \(what)" : "unexpected end of file, expected \(what)")
        }
        offset += 1
    }

    /// After a value in an array or object: consumes `,` and returns true, or consumes the
    /// closing byte and returns false.
    mutating func continues(_ close: UInt8) throws -> Bool {
        switch peek() {
        case UInt8(ascii: ","): offset += 1; return true
        case close: offset += 1; return false
        case nil: throw fail("unexpected end of file inside \(close == UInt8(ascii: "]") ? "an array" : "an object")")
        default: throw fail("expected ',' or '\(Character(UnicodeScalar(close)))'")
        }
    }

    /// Iterates an object's members: `body` is called with each key, positioned at its value,
    /// and must consume the value.
    mutating func forEachMember(_ body: (inout JSONParser, String) throws -> Void) throws {
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
    mutating func forEachElement(_ body: (inout JSONParser) throws -> Void) throws {
        try expect(UInt8(ascii: "["), "'['")
        try enter()
        defer { depth -= 1 }
        if peek() == UInt8(ascii: "]") { offset += 1; return }
        repeat {
            try body(&self)
        } while try continues(UInt8(ascii: "]"))
    }

    mutating func enter() throws {
        depth += 1
        if depth > JSONParser.maxDepth { throw fail("nesting deeper than \(JSONParser.maxDepth) levels") }
    }

    /// Parses any value into a tree.
    mutating func parseValue() throws -> JSONValue {
        guard let byte = peek() else { throw fail("unexpected end of file, expected a value") }
        switch byte {
        case UInt8(ascii: "{"):
            var members: [JSONMember] = []
            try forEachMember { p, key in members.append(JSONMember(key, try p.parseValue())) }
            return .object(members)
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
    mutating func skipValue() throws {
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

    mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        let start = offset
        guard offset + n <= bytes.count else { throw fail("unexpected end of file") }
        for k in 0..<n where bytes[offset + k] != word.utf8Start[k] {
            throw fail("invalid literal", at: start)
        }
        offset += n
    }

    /// The byte range of a number token (including NaN / Infinity spellings).
    mutating func numberSpan() throws -> (Int, Int) {
        skipWhitespace()
        let start = offset
        while offset < bytes.count {
            let b = bytes[offset]
            let isNumberByte = (b >= 48 && b <= 57) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".")
                || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
            if !isNumberByte { break }
            offset += 1
        }
        guard offset > start else {
            throw fail(offset < bytes.count ? "unexpected character '\(Character(UnicodeScalar(bytes[offset])))'" : "unexpected end of file")
        }
        guard DecimalParsing.parse(bytes, start, offset) != nil else { throw fail("invalid number", at: start) }
        return (start, offset)
    }

    /// A number as a Double.
    mutating func parseNumber() throws -> Double {
        let (start, end) = try numberSpan()
        return DecimalParsing.parse(bytes, start, end)!
    }

    /// A string literal (the cursor is at its opening quote).
    mutating func parseString() throws -> String {
        try expect(UInt8(ascii: "\""), "'\"'")
        let start = offset
        // Fast path: no escapes.
        while offset < bytes.count {
            let b = bytes[offset]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
                offset += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("control character in a string") }
            offset += 1
        }
        var scalars = Array(UnsafeBufferPointer(rebasing: bytes[start..<offset]))
        while offset < bytes.count {
            let b = bytes[offset]
            if b == UInt8(ascii: "\"") { offset += 1; return String(decoding: scalars, as: UTF8.self) }
            if b < 0x20 { throw fail("control character in a string") }
            if b != UInt8(ascii: "\\") { scalars.append(b); offset += 1; continue }
            offset += 1
            guard offset < bytes.count else { break }
            let e = bytes[offset]
            offset += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(e)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code), offset + 1 < bytes.count,
                   bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") {
                    offset += 2
                    let low = try hex4()
                    code = 0x10000 + ((code - 0xD800) << 10) + (low &- 0xDC00)
                }
                let scalar = UnicodeScalar(code) ?? "\u{FFFD}"
                scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: throw fail("invalid escape '\\\(Character(UnicodeScalar(e)))'", at: offset - 2)
            }
        }
        throw fail("unterminated string", at: start - 1)
    }

    mutating func hex4() throws -> UInt32 {
        guard offset + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[offset]
            let d: UInt32
            switch b {
            case 48...57: d = UInt32(b - 48)
            case 65...70: d = UInt32(b - 55)
            case 97...102: d = UInt32(b - 87)
            default: throw fail("invalid \\u escape")
            }
            v = v * 16 + d
            offset += 1
        }
        return v
    }

    /// Fails unless only whitespace remains.
    mutating func expectEnd() throws {
        if peek() != nil { throw fail("unexpected text after the end of the JSON value") }
    }
}
