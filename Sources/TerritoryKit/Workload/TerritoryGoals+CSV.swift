import Foundation

extension TerritoryGoals {
    /// Reads CSV `territory_id,goal[,actual]`: goals (and results) by territory id of `map`.
    /// - Returns: one goal and one actual per territory of the map (nil where not listed).
    /// - Throws: ``TerritoryError/csv(source:line:message:)`` naming the line of an unknown or
    ///   repeated territory id or a goal or actual that is not a number ≥ 0.
    public static func read(contentsOf url: URL, map: TerritoryMap) throws(TerritoryError) -> (goals: [Double?], actuals: [Double?]) {
        try read(contentsOf: url, territoryIDs: map.ids)
    }

    /// Reads CSV `territory_id,goal[,actual]` against territories named by id (a plan's, before
    /// it is drawn): one goal and one actual per id of `territoryIDs` (nil where not listed).
    /// - Throws: as ``read(contentsOf:map:)``.
    public static func read(contentsOf url: URL, territoryIDs: [String]) throws(TerritoryError) -> (goals: [Double?], actuals: [Double?]) {
        try wrapped {
            var position: [String: Int] = [:]
            for (i, id) in territoryIDs.enumerated() where position[id] == nil { position[id] = i }
            let table = try CSVTable.read(contentsOf: url)
            let source = url.path
            let id = try table.requiredColumn("territory_id"), goal = try table.requiredColumn("goal")
            let actual = table.column("actual")
            var goals = [Double?](repeating: nil, count: territoryIDs.count), actuals = goals
            var seen = Set<Int>()
            for (row, line) in zip(table.rows, table.lines) {
                guard let t = position[row[id]] else {
                    throw TerritoryError.csv(source: source, line: line, message: "territory \"\(row[id])\" is not in the map")
                }
                guard seen.insert(t).inserted else {
                    throw TerritoryError.csv(source: source, line: line, message: "territory \(row[id]) appears twice")
                }
                func number(_ column: Int, _ name: String) throws -> Double { try table.nonNegative(row, column, name: name, line: line) }
                goals[t] = try number(goal, "goal")
                if let actual, !row[actual].trimmingCharacters(in: .whitespaces).isEmpty { actuals[t] = try number(actual, "actual") }
            }
            return (goals, actuals)
        }
    }
}
