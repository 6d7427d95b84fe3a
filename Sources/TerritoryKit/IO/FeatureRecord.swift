import Foundation

/// One feature of a GeoJSON FeatureCollection as read, before it becomes a ``Territory``:
/// its properties, its polygon rings, and every defect found in it.
public struct FeatureRecord: Sendable {
    /// 0-based position in the file's `features` array.
    public let featureIndex: Int
    /// The feature's top-level `id` member, if any.
    public var featureID: JSONValue?
    /// The `properties` object's members in file order (empty when null or absent).
    public var properties: [JSONMember]
    /// The GeoJSON geometry type named in the file, if any.
    public var geometryType: String?
    /// Polygons, each as rings (exterior first), each ring as flat `[x0, y0, x1, y1, ...]` in lon/lat.
    /// Emptied once the feature's geometry is built, so a large file is not held twice.
    public var polygons: [[[Double]]]
    /// Problems found while reading (empty when the feature is sound so far).
    public var defects: [FeatureDefect]
    /// Bytes of the file read up to the end of this feature (for progress reports).
    public var endOffset = 0

    /// A feature read by another reader (a GDAL layer, a database table), to be checked and
    /// built exactly as a GeoJSON file's features are (see ``FeatureRecords``).
    /// - Parameters:
    ///   - featureIndex: the feature's 0-based position in its source.
    ///   - featureID: the source's own feature id, used when the id property is missing.
    ///   - properties: the attributes, in source order.
    ///   - geometryType: `Polygon` or `MultiPolygon` (another name is a wrong-type defect).
    ///   - polygons: each polygon's rings, exterior first, each as flat `[lon0, lat0, lon1, lat1, ...]`.
    ///   - defects: problems the reader found already.
    public init(
        featureIndex: Int, featureID: JSONValue? = nil, properties: [JSONMember], geometryType: String?,
        polygons: [[[Double]]], defects: [FeatureDefect] = []
    ) {
        self.featureIndex = featureIndex; self.featureID = featureID; self.properties = properties
        self.geometryType = geometryType; self.polygons = polygons; self.defects = defects
    }
}

/// What a FeatureCollection says about itself before its features: the legacy `crs` member's
/// name, when present (e.g. `urn:ogc:def:crs:EPSG::2263`).
struct FeatureCollectionHeader {
    var crsName: String?
    /// A `crs` member found after the features, naming a CRS other than WGS 84.
    var lateCRSName: String?
}

/// The member names of one JSON object seen so far, to find repeats: a linear scan for the
/// handful of members GeoJSON objects have, a set beyond that.
struct MemberNames {
    private var few: [String] = []
    private var many: Set<String>?

    /// Adds `name`; false when it was already there.
    mutating func insert(_ name: String) -> Bool {
        if many != nil { return many!.insert(name).inserted }
        if few.contains(name) { return false }
        few.append(name)
        if few.count > 16 { many = Set(few); few = [] }
        return true
    }
}
