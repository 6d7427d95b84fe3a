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

    /// A rep territory.
    public init(id: String, rep: String? = nil, home: Coordinate? = nil, targetShare: Double? = nil, workingDays: Int? = nil) {
        self.id = id; self.rep = rep; self.home = home; self.targetShare = targetShare; self.workingDays = workingDays
    }
}
