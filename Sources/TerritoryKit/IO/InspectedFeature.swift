import Foundation
import GEOS

/// A feature of a territory file after checking: its id, its geometry when one could be
/// built, and every defect found. Validation reports these; loading refuses any defect.
public struct InspectedFeature: Sendable {
    /// 0-based position in the file's `features` array.
    public let featureIndex: Int
    /// The id, when the feature has one.
    public var id: String?
    /// The geometry, when it could be built (rings closed if they were not).
    public var geometry: Geometry?
    /// What is wrong with the feature (empty when it is sound).
    public var defects: [FeatureDefect]
    /// The raw record, with properties.
    public var record: FeatureRecord
}
