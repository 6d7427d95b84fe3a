import Foundation

extension TravelTimes {
    /// Reads CSV `from_id,to_id,seconds` (a header naming those columns, in any order).
    /// - Throws: ``TerritoryError/csv(source:line:message:)`` naming the line of a missing
    ///   column, an empty id, a time that is not a number ≥ 0, or a pair listed twice.
    public static func read(contentsOf url: URL) throws(TerritoryError) -> TravelTimes {
        try wrapped {
            let table = try CSVTable.read(contentsOf: url)
            let source = url.path
            let from = try table.requiredColumn("from_id"), to = try table.requiredColumn("to_id"), secs = try table.requiredColumn("seconds")
            var times = TravelTimes()
            for (r, row) in table.rows.enumerated() {
                let line = table.lines[r]
                guard !row[from].isEmpty, !row[to].isEmpty else {
                    throw TerritoryError.csv(source: source, line: line, message: "from_id and to_id must not be empty")
                }
                let value = try table.nonNegative(row, secs, name: "seconds", line: line)
                guard times.insert(from: row[from], to: row[to], seconds: value) else {
                    throw TerritoryError.csv(source: source, line: line, message: "the pair \(row[from]) -> \(row[to]) is listed twice")
                }
            }
            return times
        }
    }
}
