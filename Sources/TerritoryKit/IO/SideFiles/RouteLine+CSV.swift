import Foundation

extension RouteLine {
    /// Reads the routes file `territory route` writes (`territory_id,stop,...,lon,lat,...`).
    /// - Throws: ``TerritoryError/csv(source:line:message:)`` for a missing column or a stop
    ///   that is not a lon/lat point.
    public static func read(contentsOf url: URL) throws(TerritoryError) -> [RouteLine] {
        try wrapped {
            let table = try CSVTable.read(contentsOf: url)
            let id = try table.requiredColumn("territory_id"), lon = try table.requiredColumn("lon"), lat = try table.requiredColumn("lat")
            var lines: [RouteLine] = []
            for (row, line) in zip(table.rows, table.lines) {
                let point = try table.point(row, lon: lon, lat: lat, line: line)
                if lines.last?.territoryID != row[id] { lines.append(RouteLine(territoryID: row[id], points: [])) }
                lines[lines.count - 1].points.append(point)
            }
            return lines
        }
    }
}
