import Foundation
import GEOS
import PROJ

/// One sales territory: an id, optional name, rep and target share, every property it was
/// loaded with, and its area as a Polygon or MultiPolygon in lon/lat (WGS 84).
public struct Territory: Sendable {
    /// The territory's id, as written in the input (numbers keep their text, e.g. `37009`).
    public var id: String
    /// 0-based position of the feature in the file it came from; for a territory built in code,
    /// its position in the map it was first put in.
    public var featureIndex: Int
    /// Display name, from the `name` property unless configured otherwise.
    public var name: String?
    /// The sales rep, from the `rep` property unless configured otherwise.
    public var rep: String?
    /// The territory's intended share of the total workload (0...1), from `target_share`.
    public var targetShare: Double?
    /// Every property of the feature, in file order.
    public var properties: [JSONMember]
    /// The territory's area in lon/lat.
    public var geometry: Geometry

    /// A territory. Without a `featureIndex` it gets its position in the ``TerritoryMap`` it
    /// is put in, so errors and reports can name it.
    public init(
        id: String, geometry: Geometry, name: String? = nil, rep: String? = nil,
        targetShare: Double? = nil, properties: [JSONMember] = [], featureIndex: Int? = nil
    ) {
        self.id = id; self.geometry = geometry; self.name = name; self.rep = rep
        self.targetShare = targetShare; self.properties = properties
        self.featureIndex = featureIndex ?? Territory.unplaced
    }

    /// The feature index of a territory not yet placed in a map.
    static let unplaced = -1
}
