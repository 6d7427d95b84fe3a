import Foundation
import GEOS

/// Which reps' homes reach each unit within a drive limit: the rule that nobody's territory puts
/// a customer hours from home. A unit is within a home's reach when every one of its points (its
/// customers, or its interior point when customers are not known) is at most the limit's drive
/// time from the home. ``TerritoryDesigner`` keeps each unit in a territory whose home reaches it.
///
/// ## Example
/// ```swift
/// let reach = try DriveReach(limitMinutes: 90, points: unitCustomers, homes: homes) { homes, points in
///     try homes.map { h in try points.map { p in model.driveSeconds(geodesic: try Geodesic.wgs84.distance(from: h, to: p)) } }
/// }
/// print(reach.unreachable)   // units no home reaches
/// ```
public struct DriveReach: Sendable {
    /// The limit, in minutes.
    public let limitMinutes: Double
    /// The units and the territories (homes).
    public let units: Int, territories: Int
    /// Each unit's drive minutes from each home (its farthest point's), at `u * territories + t`.
    public let minutes: [Double]
    /// Whether territory t's home reaches unit u, at `u * territories + t`; a unit no home
    /// reaches is allowed everywhere (the design cannot help it; ``unreachable`` lists it).
    public let allowed: [Bool]
    /// The units no home reaches within the limit.
    public let unreachable: [Int]

    /// The reach of `homes` over the units' points.
    /// - Parameters:
    ///   - limitMinutes: the drive limit (> 0).
    ///   - points: each unit's points: its customers, or one interior point.
    ///   - homes: each territory's home.
    ///   - seconds: drive seconds from each of the homes to each of the points (rows: homes):
    ///     the drive model's, or a road network's.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for a limit that is not a number > 0 or a
    ///   matrix of another shape; errors of `seconds`.
    public init(
        limitMinutes: Double, points: [[Coordinate]], homes: [Coordinate],
        seconds: (_ homes: [Coordinate], _ points: [Coordinate]) throws -> [[Double]]
    ) throws {
        guard limitMinutes > 0, limitMinutes.isFinite else { throw TerritoryError.invalidArgument("the drive limit must be a number of minutes > 0") }
        let flat = points.flatMap { $0 }
        let matrix = flat.isEmpty ? homes.map { _ in [Double]() } : try seconds(homes, flat)
        guard matrix.count == homes.count, matrix.allSatisfy({ $0.count == flat.count }) else {
            throw TerritoryError.invalidArgument("drive times for \(matrix.count) homes and \(matrix.first?.count ?? 0) points")
        }
        let k = homes.count
        var minutes = [Double](repeating: 0, count: points.count * k)
        var start = 0
        for (u, list) in points.enumerated() {
            for t in 0..<k {
                var worst = 0.0
                for i in start..<(start + list.count) { worst = max(worst, matrix[t][i] / 60) }
                minutes[u * k + t] = worst
            }
            start += list.count
        }
        var allowed = minutes.map { $0 <= limitMinutes + 1e-9 }
        var unreachable: [Int] = []
        for u in points.indices where !(0..<k).contains(where: { allowed[u * k + $0] }) {
            unreachable.append(u)
            for t in 0..<k { allowed[u * k + t] = true }
        }
        self.limitMinutes = limitMinutes; self.units = points.count; self.territories = k
        self.minutes = minutes; self.allowed = allowed; self.unreachable = unreachable
    }

    /// The units of a plan that lie beyond their territory's home's reach (the unreachable ones
    /// included), in unit order.
    /// - Parameter assignment: each unit's territory.
    public func beyondReach(_ assignment: [Int]) -> [Int] {
        assignment.indices.filter { u in minutes[u * territories + assignment[u]] > limitMinutes + 1e-9 }
    }
}

extension DriveReach {
    /// The drive seconds of the drive model: a great-circle distance made longer by the model's
    /// circuity and driven at its speed, from each home to each point.
    /// - Throws: ``TerritoryError`` when a distance cannot be measured.
    public static func modelSeconds(_ model: TravelModel) -> (_ homes: [Coordinate], _ points: [Coordinate]) throws -> [[Double]] {
        { homes, points in
            let geodesic = Geodesic.wgs84
            return try homes.map { h in try points.map { p in model.driveSeconds(geodesic: try geodesic.distance(from: h, to: p)) } }
        }
    }

    /// The line that says a plan breaks the limit: the units no home reaches, or the units of
    /// `assignment` beyond their territory's home's reach (the first eight named); nil when every
    /// unit is within reach.
    /// - Parameters:
    ///   - assignment: each unit's territory.
    ///   - unitIDs: each unit's id.
    ///   - limitName: how the caller names the limit (`--max-drive-minutes` in the CLI).
    public func shortfall(_ assignment: [Int], unitIDs: [String], limitName: String = "the drive limit") -> String? {
        func names(_ list: [Int]) -> String {
            list.prefix(8).map { unitIDs[$0] }.joined(separator: ", ") + (list.count > 8 ? " (\(list.count) in all)" : "")
        }
        let limit = NumberText.shortest(limitMinutes)
        if !unreachable.isEmpty {
            return "no home reaches units \(names(unreachable)) within \(limit) drive minutes: no plan can meet \(limitName)"
        }
        let beyond = beyondReach(assignment)
        guard !beyond.isEmpty else { return nil }
        return "units \(names(beyond)) lie more than \(limit) drive minutes from their territory's home; a larger limit or tolerance may help"
    }
}
