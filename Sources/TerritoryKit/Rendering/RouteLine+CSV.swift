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

    /// Reads the schedule `territory schedule` writes (`territory_id,...,day,...,lon,lat,arrive,depart,...`):
    /// one line per territory and working day (home, the visits, home), with the day and its
    /// hours from leaving home to coming back.
    /// - Throws: ``TerritoryError/csv(source:line:message:)`` for a missing column, a stop that
    ///   is not a lon/lat point, a day that is not a number or a time that is not `HH:MM`.
    public static func readSchedule(contentsOf url: URL) throws(TerritoryError) -> [RouteLine] {
        try wrapped {
            let table = try CSVTable.read(contentsOf: url)
            let id = try table.requiredColumn("territory_id"), day = try table.requiredColumn("day")
            let lon = try table.requiredColumn("lon"), lat = try table.requiredColumn("lat")
            let arrive = try table.requiredColumn("arrive"), depart = try table.requiredColumn("depart")
            var lines: [RouteLine] = []
            var first = 0.0
            for (row, line) in zip(table.rows, table.lines) {
                let point = try table.point(row, lon: lon, lat: lat, line: line)
                guard let d = Int(row[day]), d >= 1 else {
                    throw TerritoryError.csv(source: url.path, line: line, message: "day \"\(row[day])\" must be a number >= 1")
                }
                if lines.last?.territoryID != row[id] || lines.last?.day != d {
                    lines.append(RouteLine(territoryID: row[id], points: [], day: d))
                    first = row[depart].isEmpty ? 0 : try WorkingDays.minutes(row[depart], what: "\(url.path):\(line): depart")
                }
                lines[lines.count - 1].points.append(point)
                if !row[arrive].isEmpty {
                    lines[lines.count - 1].hours = (try WorkingDays.minutes(row[arrive], what: "\(url.path):\(line): arrive") - first) / 60
                }
            }
            return lines
        }
    }
}
