import Foundation

/// Each territory's home, rep and working days for a call-cycle schedule, from the reps file:
/// a day starts at the rep's home (when the file gives homes, every territory needs one; else
/// each starts at its territory's pole of inaccessibility), and a part-time rep's days spread
/// evenly over the cycle.
///
/// ## Example
/// ```swift
/// let reps = try ScheduleReps(map: territories, reps: rows, cycleDays: 20, source: "reps.csv")
/// let cycles = try TerritoryCallCycles.schedule(map: territories, ..., homes: reps.homes, workingDays: reps.workingDays, ...)
/// ```
public struct ScheduleReps: Sendable {
    /// Each territory's home.
    public let homes: [Coordinate]
    /// Each territory's rep's name, where the file names one.
    public let names: [String?]
    /// Each territory's working days of the cycle (0-based), nil for every day.
    public let workingDays: [[Int]?]

    /// The homes, names and working days of `map`'s territories.
    /// - Parameters:
    ///   - map: the territories.
    ///   - reps: each territory's row of the reps file (``RepTerritory/byTerritory(_:territoryIDs:source:)``), or nil without one.
    ///   - cycleDays: the days of the cycle.
    ///   - source: the reps file, named in errors.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` naming a territory without a home when
    ///   others have one, or a rep working more days than the cycle has.
    public init(map: TerritoryMap, reps: [RepTerritory?]?, cycleDays: Int, source: String) throws(TerritoryError) {
        var names = [String?](repeating: nil, count: map.count), workingDays = [[Int]?](repeating: nil, count: map.count)
        var homes = [Coordinate?](repeating: nil, count: map.count)
        for (t, rep) in (reps ?? []).enumerated() {
            guard let rep else { continue }
            homes[t] = rep.home
            names[t] = rep.rep
            if let n = rep.workingDays {
                guard n <= cycleDays else {
                    throw .invalidArgument("\(source): territory \(rep.id) works \(n) days of a \(cycleDays)-day cycle")
                }
                workingDays[t] = (0..<n).map { $0 * cycleDays / n }
            }
        }
        if homes.allSatisfy({ $0 == nil }) {
            self.homes = try TerritoryCallCycles.homes(of: map)
        } else if let t = homes.firstIndex(where: { $0 == nil }) {
            throw .invalidArgument("\(source): territory \(map.territories[t].id) has no home (lon,lat): every day starts there")
        } else {
            self.homes = homes.map { $0! }
        }
        self.names = names
        self.workingDays = workingDays
    }
}
