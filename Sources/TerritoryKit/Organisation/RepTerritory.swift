import Foundation
import GEOS

/// One rep's territory: its id, and optionally the rep's name, home and share of the workload.
///
/// Read from a reps file by ``read(contentsOf:)``; used by design (one territory per rep), route
/// and report (tours from the home), and the editor (names and shares).
public struct RepTerritory: Sendable, Equatable {
    /// The territory id.
    public var id: String
    /// The rep's name, when known.
    public var rep: String?
    /// The rep's home (lon, lat): the territory will contain it, or the unit nearest to it.
    public var home: Coordinate?
    /// The territory's share of the total workload (shares are normalised to sum to 1); nil for
    /// an equal share of what the others leave.
    public var targetShare: Double?
    /// The working days of a call cycle the rep works, when part-time (the `days` column); nil:
    /// every day.
    public var workingDays: Int?
    /// The region the territory belongs to (the `region` column), when the organisation has
    /// regions (see ``TerritoryRegions``).
    public var region: String?

    /// A rep territory.
    public init(
        id: String, rep: String? = nil, home: Coordinate? = nil, targetShare: Double? = nil, workingDays: Int? = nil, region: String? = nil
    ) {
        self.id = id; self.rep = rep; self.home = home; self.targetShare = targetShare; self.workingDays = workingDays
        self.region = region
    }
}

extension RepTerritory {
    /// The reps file's rows by territory: one entry per id of `territoryIDs` (nil where the file
    /// lists none).
    /// - Parameters:
    ///   - reps: the rows.
    ///   - territoryIDs: the territories, in order.
    ///   - source: the reps file's name, for the message.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` naming a listed territory that is not
    ///   among `territoryIDs`.
    public static func byTerritory(_ reps: [RepTerritory], territoryIDs: [String], source: String) throws(TerritoryError) -> [RepTerritory?] {
        var position: [String: Int] = [:]
        for (i, id) in territoryIDs.enumerated() where position[id] == nil { position[id] = i }
        var rows = [RepTerritory?](repeating: nil, count: territoryIDs.count)
        for rep in reps {
            guard let t = position[rep.id] else { throw .invalidArgument("\(source): territory \(rep.id) is not in the map") }
            rows[t] = rep
        }
        return rows
    }
}
