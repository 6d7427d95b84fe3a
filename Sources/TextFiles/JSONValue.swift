import Foundation
import GeoTypes

/// A JSON value as read from a file, keeping member order and each number's exact text so
/// that properties are written back exactly as they came in.
public enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, kept as its literal text (`37009`, `0.125`, `1e-3`).
    case number(String)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object's members in file order.
    case object([JSONMember])

    /// A number rounded to `digits` decimals, or `null` when not finite (reports round their
    /// measures so that outputs are stable across platforms' last-bit differences).
    public static func rounded(_ x: Double, digits: Int = 6) -> JSONValue {
        guard x.isFinite else { return .null }
        let scale = pow(10.0, Double(digits))
        return .number((x * scale).rounded() / scale)
    }

    /// The number's value, for `.number`.
    public var doubleValue: Double? {
        if case let .number(text) = self { return DecimalParsing.parse(Substring(text)) }
        return nil
    }

    /// The string's value, for `.string`.
    public var stringValue: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    /// The value as an identifier: strings as they are, numbers as written; nil for others.
    public var identifierText: String? {
        switch self {
        case let .string(s): return s
        case let .number(text): return text
        default: return nil
        }
    }

    /// The member named `key` of an object (the first, if repeated).
    public subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members.first { $0.key == key }?.value }
        return nil
    }

    /// A number value from a Double, written in shortest round-trip form.
    public static func number(_ value: Double) -> JSONValue { .number(JSONWriter.format(value)) }
}

/// One member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    /// The member's name.
    public var key: String
    /// The member's value.
    public var value: JSONValue
    /// A member.
    public init(_ key: String, _ value: JSONValue) { self.key = key; self.value = value }
}

/// Writes JSON text.
public enum JSONWriter {
    /// A double in shortest round-trip decimal form; integral values without a fraction.
    /// Non-finite values, which JSON cannot hold, are written as `null`.
    public static func format(_ value: Double) -> String {
        value.isFinite ? NumberText.shortest(value) : "null"
    }

    /// Appends `value` as compact JSON.
    public static func write(_ value: JSONValue, to out: inout String) { write(value, to: &out, scriptSafe: false) }

    /// Appends `value` as compact JSON; `scriptSafe` also escapes what an HTML `<script>`
    /// element cannot hold (see ``scriptSafeString(_:)``).
    static func write(_ value: JSONValue, to out: inout String, scriptSafe: Bool) {
        switch value {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .number(text): out += text
        case let .string(s): writeString(s, to: &out, scriptSafe: scriptSafe)
        case let .array(items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out, scriptSafe: scriptSafe)
            }
            out += "]"
        case let .object(members):
            out += "{"
            for (i, m) in members.enumerated() {
                if i > 0 { out += "," }
                writeString(m.key, to: &out, scriptSafe: scriptSafe)
                out += ":"
                write(m.value, to: &out, scriptSafe: scriptSafe)
            }
            out += "}"
        }
    }

    /// The compact JSON text of `value`.
    public static func string(_ value: JSONValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    /// The compact JSON text of `value`, safe inside an HTML `<script>` element: `<`, `>` and `&`
    /// (which can only occur inside strings) and the line separators U+2028 and U+2029 are
    /// written as `\u` escapes, so no value can close the element (`</script>`), open a comment
    /// that swallows the next script (`<!--<script>`), or end a JavaScript line. The same value
    /// as ``string(_:)`` to any JSON reader.
    public static func scriptSafeString(_ value: JSONValue) -> String {
        var out = ""
        write(value, to: &out, scriptSafe: true)
        return out
    }

    /// Appends a JSON string literal with the required escapes.
    public static func writeString(_ s: String, to out: inout String) { writeString(s, to: &out, scriptSafe: false) }

    /// Appends a JSON string literal with the required escapes, and with `scriptSafe` those of
    /// ``scriptSafeString(_:)`` too (`<`, `>`, `&`, U+2028, U+2029 as `\u` escapes).
    static func writeString(_ s: String, to out: inout String, scriptSafe: Bool) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (scriptSafe && "<>&\u{2028}\u{2029}".unicodeScalars.contains(scalar)):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
