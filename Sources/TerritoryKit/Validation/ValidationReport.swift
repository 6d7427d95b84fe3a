import GEOS

/// Two territories whose interiors overlap.
public struct Overlap: Sendable {
    /// The id of the territory earlier in the map, and its feature index (position in the file).
    public let firstID: String, firstFeatureIndex: Int
    /// The id of the later territory, and its feature index.
    public let secondID: String, secondFeatureIndex: Int
    /// The overlapping area (lon/lat).
    public let geometry: Geometry
    /// Its geodesic area in m².
    public let area: Double
    /// Its width in metres (twice the largest inscribed circle's radius).
    public let width: Double
    /// A point inside it (lon, lat).
    public let location: Coordinate
    /// Whether it is below the sliver area or width.
    public let isSliver: Bool
}

/// An area no territory covers.
public struct Gap: Sendable {
    /// Where the gap was found.
    public enum Kind: String, Sendable, Equatable {
        /// A hole in the union of all territories.
        case hole
        /// Part of the service region outside every territory.
        case uncoveredRegion = "uncovered_region"
    }
    /// Where it was found.
    public let kind: Kind
    /// The gap (lon/lat).
    public let geometry: Geometry
    /// Its geodesic area in m².
    public let area: Double
    /// Its width in metres.
    public let width: Double
    /// A point inside it (lon, lat).
    public let location: Coordinate
    /// Whether it is below the sliver area or width.
    public let isSliver: Bool
}

/// Something worth knowing about a territory that does not make the map invalid.
public struct ValidationWarning: Sendable, Equatable {
    /// The kinds of warning.
    public enum Kind: String, Sendable, Equatable {
        /// The territory is made of several separate parts (a rep must travel outside it to
        /// get from one to another).
        case noncontiguous
    }
    /// 0-based position of the feature in the file.
    public let featureIndex: Int
    /// The territory's id, when it has one.
    public let id: String?
    /// What it is.
    public let kind: Kind
    /// For ``Kind/noncontiguous``: the number of separate parts.
    public let parts: Int
}

/// Everything wrong with a territory map, found in one pass.
public struct ValidationReport: Sendable {
    /// The number of features in the file.
    public let territoryCount: Int
    /// Defective features (bad rings, bad ids, wrong types, invalid polygons), in file order.
    public let invalid: [FeatureProblem]
    /// Overlapping pairs, ordered by the first territory then the second.
    public let overlaps: [Overlap]
    /// Gaps, largest first.
    public let gaps: [Gap]
    /// Warnings (split territories), in file order; they do not make the map invalid.
    public let warnings: [ValidationWarning]

    /// Whether the map is clean: no defective feature, no overlap, no gap.
    public var isValid: Bool { invalid.isEmpty && overlaps.isEmpty && gaps.isEmpty }
}
