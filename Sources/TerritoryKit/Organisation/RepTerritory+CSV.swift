import Foundation
import GEOS

extension RepTerritory {
    /// Reads a reps file: CSV `territory_id[,rep][,lon,lat][,target_share][,days][,region]` with a
    /// header naming the columns present (any order). `lon`/`lat` give the rep's home, `days` a
    /// part-time rep's working days in a call cycle, `region` the region above the territory;
    /// empty cells mean unknown.
    ///
    /// ## Example
    /// ```swift
    /// let reps = try RepTerritory.read(contentsOf: URL(fileURLWithPath: "reps.csv"))
    /// ```
    /// - Throws: ``TerritoryError/csv(source:line:message:)`` naming the line of an empty or
    ///   repeated territory id, a home that is not a lon/lat point, a target share that is not a
    ///   number > 0, `lon` without `lat`, or a file with no rows.
    public static func read(contentsOf url: URL) throws(TerritoryError) -> [RepTerritory] {
        try wrapped {
            let table = try CSVTable.read(contentsOf: url)
            let source = url.path
            let id = try table.requiredColumn("territory_id")
            let rep = table.column("rep"), lon = table.column("lon"), lat = table.column("lat"), share = table.column("target_share")
            let days = table.column("days"), region = table.column("region")
            if (lon == nil) != (lat == nil) { throw TerritoryError.csv(source: source, line: 1, message: "lon and lat go together") }
            var seen = Set<String>()
            let list = try zip(table.rows, table.lines).map { row, line -> RepTerritory in
                let tid = row[id]
                guard !tid.isEmpty else { throw TerritoryError.csv(source: source, line: line, message: "territory_id is empty") }
                guard seen.insert(tid).inserted else {
                    throw TerritoryError.csv(source: source, line: line, message: "territory \(tid) appears twice")
                }
                var home: Coordinate?
                if let lon, let lat, !(row[lon].isEmpty && row[lat].isEmpty) {
                    home = try table.point(row, lon: lon, lat: lat, line: line)
                }
                var targetShare: Double?
                if let share, !row[share].isEmpty {
                    guard let s = Double(row[share]), s > 0, s.isFinite else {
                        throw TerritoryError.csv(source: source, line: line, message: "target_share \"\(row[share])\" must be a number > 0")
                    }
                    targetShare = s
                }
                var workingDays: Int?
                if let days, !row[days].isEmpty {
                    guard let n = Int(row[days]), n >= 1 else {
                        throw TerritoryError.csv(
                            source: source, line: line, message: "days \"\(row[days])\" must be a whole number of working days >= 1")
                    }
                    workingDays = n
                }
                return RepTerritory(
                    id: tid, rep: rep.map { row[$0] }.flatMap { $0.isEmpty ? nil : $0 }, home: home, targetShare: targetShare,
                    workingDays: workingDays, region: region.map { row[$0] }.flatMap { $0.isEmpty ? nil : $0 })
            }
            guard !list.isEmpty else { throw TerritoryError.csv(source: source, line: 1, message: "no reps listed") }
            return list
        }
    }
}
