/// RFC 4180 fields of one CSV record, for readers that have already found where the record
/// ends (the customer reader's fast loop hands quoted records here; ``CSVTable`` every record).
package enum CSVFields {
    /// The error for a `"` inside a field that does not start with one (RFC 4180 allows quotes
    /// only around a whole field), as spreadsheets produce from text like `37.8"N`.
    package static func bareQuoteMessage(_ column: String) -> String {
        "\(column): a quote inside an unquoted field; enclose the whole field in double quotes and double the quotes inside it (\"37.8\"\"N\")"
    }

    /// Splits one record (without its line break) into unquoted fields, RFC 4180.
    /// `columnName` names field `i` (0-based) in errors; without it (a header row) fields are
    /// "header field 1", "header field 2", ...
    /// - Throws: ``CSVRowError`` with `relativeLine` 0: the caller knows the line.
    package static func split(_ r: [UInt8], columnName: ((Int) -> String)? = nil) throws(CSVRowError) -> [[UInt8]] {
        func name(_ field: Int) -> String { columnName?(field) ?? "header field \(field + 1)" }
        var fields: [[UInt8]] = []
        var i = 0
        while true {
            var field: [UInt8] = []
            if i < r.count, r[i] == 0x22 {
                i += 1
                while true {
                    guard i < r.count else { throw CSVRowError(relativeLine: 0, message: "\(name(fields.count)): unterminated quoted field") }
                    if r[i] == 0x22 {
                        if i + 1 < r.count, r[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                        i += 1
                        break
                    }
                    field.append(r[i]); i += 1
                }
                guard i == r.count || r[i] == 0x2C else {
                    throw CSVRowError(
                        relativeLine: 0,
                        message:
                            "\(name(fields.count)): text after a closing quote; a quoted field ends at its closing quote (write \"\" for a quote inside it)"
                    )
                }
            } else {
                while i < r.count, r[i] != 0x2C {
                    if r[i] == 0x22 { throw CSVRowError(relativeLine: 0, message: bareQuoteMessage(name(fields.count))) }
                    field.append(r[i]); i += 1
                }
            }
            fields.append(field)
            if i >= r.count { break }
            i += 1
        }
        return fields
    }
}

/// A bad CSV row, with its line relative to the start of its chunk (0 = the chunk's first line).
public struct CSVRowError: Error, Sendable {
    /// Lines from the chunk's first line.
    public let relativeLine: Int
    /// What is wrong.
    public let message: String

    /// An error `relativeLine` lines after the chunk's first line.
    public init(relativeLine: Int, message: String) {
        self.relativeLine = relativeLine
        self.message = message
    }
}
