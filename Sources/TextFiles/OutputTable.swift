/// A table to write: a header and rows of fields. Written as CSV (``csv``, fields quoted as
/// RFC 4180 asks), or handed row by row to a writer of another format, which takes the fields as
/// they are instead of reading CSV text back.
///
/// ## Example
/// ```swift
/// var table = OutputTable(header: ["unit_id", "territory_id"])
/// table.append(["37009", "T1"])
/// let bytes = table.csv   // "unit_id,territory_id\n37009,T1\n"
/// ```
public struct OutputTable: Sendable, Equatable {
    /// The column names.
    public let header: [String]
    /// The rows, each with one field per column.
    public private(set) var rows: [[String]] = []

    /// An empty table with these columns.
    public init(header: [String]) { self.header = header }

    /// Adds a row (one field per column).
    public mutating func append(_ row: [String]) { rows.append(row) }

    /// The table as CSV: the header, then every row, each line ending in a line feed.
    public var csv: [UInt8] {
        var out: [UInt8] = []
        for line in [header] + rows {
            for (i, field) in line.enumerated() {
                if i > 0 { out.append(0x2C) }
                CSVWriter.appendField(field, to: &out)
            }
            out.append(0x0A)
        }
        return out
    }
}
