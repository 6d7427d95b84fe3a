import Foundation

/// The fields the side files share (reps, routes, travel times, goals), read and refused the same
/// way in each: one message per kind of bad value, naming the file and line.
extension CSVTable {
    /// Fields `lon` and `lat` of `row` as a lon/lat point.
    /// - Throws: ``TerritoryError/csv(source:line:message:)`` for text that is not a point on Earth.
    func point(_ row: [String], lon: Int, lat: Int, line: Int) throws(TerritoryError) -> Coordinate {
        guard let x = Double(row[lon]), let y = Double(row[lat]), CoordinateRange.isValid(lon: x, lat: y) else {
            throw .csv(
                source: source, line: line, message: "lon/lat \"\(row[lon])\", \"\(row[lat])\" is not a point in lon [-180, 180], lat [-90, 90]")
        }
        return Coordinate(x: x, y: y)
    }

    /// Field `column` of `row` as a finite number ≥ 0 (spaces around it allowed); `name` names it
    /// in the error.
    /// - Throws: ``TerritoryError/csv(source:line:message:)`` for anything else.
    func nonNegative(_ row: [String], _ column: Int, name: String, line: Int) throws(TerritoryError) -> Double {
        guard let v = Double(row[column].trimmingCharacters(in: .whitespaces)), v.isFinite, v >= 0 else {
            throw .csv(source: source, line: line, message: "\(name) \"\(row[column])\" must be a number >= 0")
        }
        return v
    }
}
