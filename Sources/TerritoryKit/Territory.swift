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

/// Which feature properties hold a territory's id, name, rep and target share.
public struct PropertyNames: Sendable, Equatable {
    /// The property holding the id; when a feature lacks it, the feature's own `id` member is used.
    public var id: String = "id"
    /// The property holding the display name.
    public var name: String = "name"
    /// The property holding the rep.
    public var rep: String = "rep"
    /// The property holding the target share (a number in 0...1).
    public var targetShare: String = "target_share"
    /// The property names, `id`, `name`, `rep` and `target_share` unless given.
    public init(id: String = "id", name: String = "name", rep: String = "rep", targetShare: String = "target_share") {
        self.id = id; self.name = name; self.rep = rep; self.targetShare = targetShare
    }
}

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

/// An ordered set of territories with unique ids: the map of a sales organisation.
///
/// Order matters: when territories overlap, the border rule gives a customer to the earlier one.
///
/// ## Example
/// ```swift
/// let map = try TerritoryMap.load(contentsOf: URL(fileURLWithPath: "territories.geojson"))
/// let square = try Geometry.rectangle(Envelope(minX: -79, minY: 35, maxX: -78, maxY: 36))
/// let drawn = try TerritoryMap([Territory(id: "Raleigh", geometry: square, rep: "Ann")])
/// ```
/// - Throws: ``TerritoryError/badFeature(source:index:id:defect:)`` from loading or building a
///   map with a defective territory (invalid polygon, coordinates out of range, wrong geometry
///   type), ``TerritoryError/invalidArgument(_:)`` for a repeated id.
public struct TerritoryMap: Sendable {
    /// The territories in map order.
    public var territories: [Territory]

    /// A map of territories built in code, held to the same rules as a loaded file: ids must be
    /// unique, and every territory a non-empty, valid Polygon or MultiPolygon with finite
    /// coordinates inside lon [-180, 180], lat [-90, 90].
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for a repeated id,
    ///   ``TerritoryError/badFeature(source:index:id:defect:)`` (source `<map>`, the index in
    ///   `territories`) for a territory a file would be refused for.
    public init(_ territories: [Territory]) throws(TerritoryError) {
        self = try wrapped { try TerritoryMap(checking: territories) }
    }

    /// The work of the public initialiser above, whose errors that one converts.
    init(checking territories: [Territory]) throws {
        for (i, t) in territories.enumerated() {
            if let defect = try TerritoryMap.defect(of: t.geometry) {
                throw TerritoryError.badFeature(source: "<map>", index: i, id: t.id, defect: defect)
            }
        }
        try self.init(checked: territories)
    }

    /// A map whose geometries are taken as they are (only the ids are checked): for a damaged
    /// map built in code that ``Validator`` should report on or ``Repairer`` should fix. Other
    /// uses (assignment, reports) expect the checks of ``init(_:)``.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for a repeated id.
    public init(unchecked territories: [Territory]) throws(TerritoryError) {
        self = try wrapped { try TerritoryMap(checked: territories) }
    }

    /// A map of territories whose geometries were already checked (loaded strictly, repaired or
    /// dissolved from checked units); only the ids are checked.
    /// - Parameter idsAreUnique: the ids were already checked (a strict load refuses repeated
    ///   ids as feature defects), so they are not hashed a second time.
    init(checked territories: [Territory], idsAreUnique: Bool = false) throws {
        if !idsAreUnique {
            var seen = Set<String>(minimumCapacity: territories.count)
            for t in territories where !seen.insert(t.id).inserted {
                throw TerritoryError.invalidArgument("duplicate territory id \(t.id)")
            }
        }
        var numbered = territories
        for i in numbered.indices where numbered[i].featureIndex == Territory.unplaced { numbered[i].featureIndex = i }
        self.territories = numbered
    }

    /// Why a geometry could not be a territory, or nil when it can.
    static func defect(of geometry: Geometry) throws -> FeatureDefect? {
        guard geometry.type == .polygon || geometry.type == .multiPolygon else {
            return FeatureDefect(.wrongGeometryType, "geometry type is \(geometry.type); a territory must be a Polygon or MultiPolygon")
        }
        guard !geometry.isEmpty else { return FeatureDefect(.emptyGeometry, "the geometry is empty") }
        var bad: FeatureDefect?
        try wrapped {
            try geometry.forEachRing { _, ring in
                guard bad == nil else { return }
                if let c = ring.first(where: { !$0.x.isFinite || !$0.y.isFinite }) {
                    bad = FeatureDefect(.nonFiniteCoordinate, "coordinate \(c) is not finite")
                } else if let c = ring.first(where: { !CoordinateRange.isValid(lon: $0.x, lat: $0.y) }) {
                    bad = FeatureDefect(.coordinateOutOfRange, "\(c) is outside lon [-180, 180] / lat [-90, 90]", location: c)
                }
            }
            if bad == nil, let problem = try geometry.validityProblem() {
                bad = FeatureDefect(.invalidGeometry, problem.reason, location: problem.location)
            }
        }
        return bad
    }

    /// The number of territories.
    public var count: Int { territories.count }

    /// The position of the territory with `id`.
    public func index(of id: String) -> Int? { territories.firstIndex { $0.id == id } }

    /// The territories' ids, in map order.
    public var ids: [String] { territories.map(\.id) }

    /// Loads a GeoJSON FeatureCollection of Polygon / MultiPolygon features.
    ///
    /// Loading is strict: the first defective feature (wrong geometry type, missing or duplicate
    /// id, NaN or infinite coordinates, longitude outside [-180, 180] or latitude outside
    /// [-90, 90], unclosed or too-short rings, no geometry, an invalid polygon such as a
    /// self-intersecting ring) is thrown as ``TerritoryError/badFeature(source:index:id:defect:)``.
    /// ``Validator`` reports every problem of a file instead, and ``Repairer`` fixes them.
    /// A legacy `crs` member naming a CRS other than WGS 84 is honoured: coordinates are
    /// transformed to lon/lat with PROJ.
    /// - Parameters:
    ///   - url: the GeoJSON file.
    ///   - properties: which properties hold the id, name, rep and target share.
    ///   - progress: called after each feature with the bytes read so far and the file size.
    public static func load(
        contentsOf url: URL, properties: PropertyNames = PropertyNames(),
        progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil
    ) throws(TerritoryError) -> TerritoryMap {
        try wrapped {
            try strict(
                inspect(contentsOf: url, properties: properties, checkValidity: true, progress: progress),
                source: url.path, properties: properties)
        }
    }

    /// Loads GeoJSON text (see ``load(contentsOf:properties:progress:)``).
    public static func load(
        geoJSON: String, source: String = "<geojson>", properties: PropertyNames = PropertyNames()
    ) throws(TerritoryError) -> TerritoryMap {
        try wrapped {
            try strict(inspect(geoJSON: geoJSON, source: source, properties: properties, checkValidity: true), source: source, properties: properties)
        }
    }

    /// Reads every feature of a file and checks it, collecting all defects instead of stopping
    /// at the first. Throws only when the file as a whole is unusable.
    /// - Parameters:
    ///   - url: the GeoJSON file.
    ///   - properties: which properties hold the id, name, rep and target share.
    ///   - checkValidity: whether to run GEOS validity on every polygon (a defect when invalid).
    ///   - progress: called after each feature with the bytes read so far and the file size.
    public static func inspect(
        contentsOf url: URL, properties: PropertyNames = PropertyNames(),
        checkValidity: Bool = true,
        progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil
    ) throws(TerritoryError) -> [InspectedFeature] {
        try wrapped {
            try MapLoader.inspect(
                contentsOf: url, inspector: FeatureInspector(properties: properties, checkValidity: checkValidity), progress: progress)
        }
    }

    /// Reads and checks every feature of GeoJSON text (see ``inspect(contentsOf:properties:checkValidity:progress:)``).
    public static func inspect(
        geoJSON: String, source: String = "<geojson>", properties: PropertyNames = PropertyNames(),
        checkValidity: Bool = true
    ) throws(TerritoryError) -> [InspectedFeature] {
        try wrapped {
            var text = geoJSON
            return try text.withUTF8 {
                try MapLoader.inspect($0, source: source, inspector: FeatureInspector(properties: properties, checkValidity: checkValidity))
            }
        }
    }

    /// Reads and checks every feature of GeoJSON bytes, exactly as a file's would be read (they
    /// must be UTF-8; see ``inspect(contentsOf:properties:checkValidity:progress:)``).
    public static func inspect(
        data: Data, source: String = "<geojson>", properties: PropertyNames = PropertyNames(),
        checkValidity: Bool = true
    ) throws(TerritoryError) -> [InspectedFeature] {
        try wrapped {
            try data.withUnsafeBytes {
                try MapLoader.inspect(
                    $0.bindMemory(to: UInt8.self), source: source, inspector: FeatureInspector(properties: properties, checkValidity: checkValidity))
            }
        }
    }

    /// Loads GeoJSON bytes (see ``load(contentsOf:properties:progress:)``).
    public static func load(
        data: Data, source: String = "<geojson>", properties: PropertyNames = PropertyNames()
    ) throws(TerritoryError) -> TerritoryMap {
        try wrapped {
            try strict(inspect(data: data, source: source, properties: properties, checkValidity: true), source: source, properties: properties)
        }
    }

    /// Checks features read by another reader (a GDAL layer, a database table) exactly as a
    /// GeoJSON file's are: ids, coordinate ranges, ring closure and length, GEOS validity. The
    /// records' coordinates must already be lon/lat (WGS 84).
    /// - Parameters:
    ///   - records: the features, in source order.
    ///   - source: the source's name in messages.
    ///   - properties: which properties hold the id, name, rep and target share.
    ///   - checkValidity: whether to run GEOS validity on every polygon.
    /// - Throws: ``TerritoryError/geometry(_:)`` only when GEOS itself fails.
    public static func inspect(
        records: [FeatureRecord], source: String, properties: PropertyNames = PropertyNames(), checkValidity: Bool = true
    ) throws(TerritoryError) -> [InspectedFeature] {
        try wrapped {
            var inspector = FeatureInspector(properties: properties, checkValidity: checkValidity)
            inspector.reserve(records.count)
            for record in records { try inspector.add(record, header: FeatureCollectionHeader(crsName: nil)) }
            return inspector.features
        }
    }

    /// Loads features read by another reader, strictly (see ``load(contentsOf:properties:progress:)``
    /// for the rules and ``inspect(records:source:properties:checkValidity:)`` for the records).
    /// - Throws: ``TerritoryError/badFeature(source:index:id:defect:)`` for the first defective feature.
    public static func load(
        records: [FeatureRecord], source: String, properties: PropertyNames = PropertyNames()
    ) throws(TerritoryError)
        -> TerritoryMap
    {
        let features = try inspect(records: records, source: source, properties: properties)
        return try wrapped { try strict(features, source: source, properties: properties) }
    }

    /// The usable part of a checked (possibly damaged) file, for drawing or repair: invalid
    /// polygons rebuilt with GEOS `makeValid` (or kept as they are when `rebuildInvalid` is
    /// false, for ``Repairer`` to rebuild and report), features without a usable geometry left
    /// out, missing ids replaced by `#index`, and repeated ids suffixed with ` (#index)`. Every
    /// defect is returned alongside, so nothing is hidden.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` naming `source` and the first defect when
    ///   no feature has a usable polygon: there is nothing to draw or repair, and an empty map
    ///   would be a quiet wrong answer.
    public static func usablePart(
        of features: [InspectedFeature], properties names: PropertyNames = PropertyNames(), rebuildInvalid: Bool = true,
        source: String = "<map>"
    )
        throws(TerritoryError) -> (map: TerritoryMap, problems: [FeatureProblem])
    {
        try wrapped {
            var territories: [Territory] = []
            var problems: [FeatureProblem] = []
            var used = Set<String>()
            for f in features {
                for d in f.defects { problems.append(FeatureProblem(featureIndex: f.featureIndex, id: f.id, defect: d)) }
                guard var geometry = f.geometry else { continue }
                if rebuildInvalid, f.defects.contains(where: { $0.kind == .invalidGeometry }) {
                    geometry = try wrapped { try repairedPolygons(geometry) }
                    if geometry.isEmpty { continue }
                }
                var id = f.id ?? "#\(f.featureIndex)"
                if used.contains(id) { id += " (#\(f.featureIndex))" }
                used.insert(id)
                territories.append(Territory(record: f.record, id: id, geometry: geometry, properties: names))
            }
            if territories.isEmpty, let first = problems.first {
                throw TerritoryError.invalidArgument(
                    "\(source): no feature has a usable polygon: feature \(first.featureIndex)\(first.id.map { " (id \($0))" } ?? ""): \(first.defect.message)"
                )
            }
            return (try TerritoryMap(checked: territories), problems)
        }
    }

    private static func strict(_ features: [InspectedFeature], source: String, properties: PropertyNames) throws -> TerritoryMap {
        var territories: [Territory] = []
        territories.reserveCapacity(features.count)
        for f in features {
            if let defect = f.defects.first {
                throw TerritoryError.badFeature(source: source, index: f.featureIndex, id: f.id, defect: defect)
            }
            territories.append(Territory(record: f.record, id: f.id!, geometry: f.geometry!, properties: properties))
        }
        // Every feature passed `registerID`, which makes a repeated id a defect, thrown above.
        return try TerritoryMap(checked: territories, idsAreUnique: true)
    }
}

extension Territory {
    /// A territory from a checked feature.
    init(record: FeatureRecord, id: String, geometry: Geometry, properties names: PropertyNames) {
        let props = JSONValue.object(record.properties)
        self.init(
            id: id, geometry: geometry,
            name: props[names.name]?.identifierText,
            rep: props[names.rep]?.identifierText,
            targetShare: props[names.targetShare]?.doubleValue,
            properties: record.properties, featureIndex: record.featureIndex)
    }
}

/// The valid range of lon/lat coordinates.
public enum CoordinateRange {
    /// Coordinates may pass ±180 / ±90 by this much (about 0.1 mm), the rounding noise of real
    /// data: Natural Earth's Russia reaches longitude 180.00000000000006.
    public static let tolerance = 1e-9

    /// Whether (lon, lat) lies in [-180, 180] x [-90, 90], within ``tolerance``.
    @inline(__always)
    public static func isValid(lon: Double, lat: Double) -> Bool {
        abs(lon) <= 180 + tolerance && abs(lat) <= 90 + tolerance
    }
}
