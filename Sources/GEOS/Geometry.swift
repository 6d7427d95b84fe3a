import CGEOS

/// A GEOS geometry: a point, line, polygon or collection in some planar coordinate system.
///
/// `Geometry` is a value: it owns its GEOS handle through a private reference-counted box that
/// frees the handle exactly once, in `deinit`. Geometries are immutable after construction, which
/// is what makes them safe to share between threads: GEOS only reads them, and the one lazily
/// computed member of a GEOS geometry (its envelope) is computed eagerly here, at construction,
/// before the value can be shared.
public struct Geometry: Sendable {
    let handle: GeometryHandle

    /// The GEOS pointer, valid for as long as this value is alive. Internal: never public.
    @inline(__always) var pointer: OpaquePointer { handle.pointer }

    /// Takes ownership of a pointer GEOS returned; throws GEOS's error when it is null.
    init(owning pointer: OpaquePointer?, context: GEOSContext, operation: String) throws(GEOSError) {
        guard let pointer else { throw context.error(operation) }
        let handle = GeometryHandle(pointer, context: context)
        // The type is read once, here, where a failure can be reported: a geometry of no known
        // type is refused rather than taken for a collection later.
        guard handle.type != nil else { throw GEOSError.geos(operation: operation, message: "GEOS returned a geometry of unknown type") }
        self.handle = handle
    }

    /// The bounding box, or `nil` for an empty geometry. Cached at construction.
    public var envelope: Envelope? { handle.envelope }

    /// The geometry's type.
    public var type: GeometryType { handle.type! }  // checked non-nil when the value was made

    /// Whether the geometry has no points at all (e.g. `POLYGON EMPTY`).
    public var isEmpty: Bool { withGEOS { GEOSisEmpty_r($0.handle, pointer) == 1 } }

    /// The number of parts: 1 for a single geometry, the member count for a collection.
    public var numGeometries: Int { withGEOS { Int(GEOSGetNumGeometries_r($0.handle, pointer)) } }

    /// The number of coordinates in the whole geometry, rings' closing points included.
    public var numCoordinates: Int { withGEOS { Int(GEOSGetNumCoordinates_r($0.handle, pointer)) } }

    /// The number of interior rings (holes) of a polygon; 0 for other types.
    public var numInteriorRings: Int {
        guard type == .polygon else { return 0 }
        return withGEOS { Int(GEOSGetNumInteriorRings_r($0.handle, pointer)) }
    }

    /// The SRID stored on the geometry (0 when unset). GEOS does not interpret it.
    public var srid: Int { withGEOS { Int(GEOSGetSRID_r($0.handle, pointer)) } }

    /// The `index`-th part of a collection (or the geometry itself, for index 0 of a single one).
    public func part(_ index: Int) throws(GEOSError) -> Geometry {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            guard index >= 0, index < numGeometries else {
                throw GEOSError.invalidInput("part \(index) out of range 0..<\(numGeometries)")
            }
            let child = GEOSGetGeometryN_r(ctx.handle, pointer, Int32(index))
            return try Geometry(owning: child.flatMap { GEOSGeom_clone_r(ctx.handle, $0) }, context: ctx, operation: "part")
        }
    }

    /// All parts, in order (a single geometry gives itself).
    public var parts: [Geometry] {
        get throws(GEOSError) { try (0..<numGeometries).map { (i) throws(GEOSError) in try part(i) } }
    }

    /// The exterior ring of a polygon, as a `LinearRing` geometry.
    public func exteriorRing() throws(GEOSError) -> Geometry {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            guard type == .polygon else { throw GEOSError.invalidInput("exteriorRing needs a Polygon, got \(type)") }
            ctx.reset()
            let ring = GEOSGetExteriorRing_r(ctx.handle, pointer)
            return try Geometry(owning: ring.flatMap { GEOSGeom_clone_r(ctx.handle, $0) }, context: ctx, operation: "exteriorRing")
        }
    }

    /// The interior rings (holes) of a polygon, in order.
    public func interiorRings() throws(GEOSError) -> [Geometry] {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            guard type == .polygon else { throw GEOSError.invalidInput("interiorRings needs a Polygon, got \(type)") }
            return try (0..<numInteriorRings).map { (i) throws(GEOSError) in
                ctx.reset()
                let ring = GEOSGetInteriorRingN_r(ctx.handle, pointer, Int32(i))
                return try Geometry(owning: ring.flatMap { GEOSGeom_clone_r(ctx.handle, $0) }, context: ctx, operation: "interiorRing")
            }
        }
    }

    /// Visits every ring of a Polygon or MultiPolygon without copying geometries: `body` gets the
    /// ring's number within its polygon (0 = exterior, then the holes) and its coordinates, in a
    /// buffer that is reused for the next ring (copy what you keep). Other types have no rings.
    /// Used by the hot loops of coverage checks, where cloning each ring would dominate.
    /// - Throws: ``GEOSError`` when GEOS cannot hand out a ring, or what `body` throws.
    public func forEachRing(_ body: (_ ringIndex: Int, _ coordinates: UnsafeBufferPointer<Coordinate>) throws -> Void) throws {
        try withGEOS { (ctx: GEOSContext) throws in
            var buffer = [Coordinate]()
            func visit(_ polygon: OpaquePointer) throws {
                let holes = GEOSGetNumInteriorRings_r(ctx.handle, polygon)
                guard holes >= 0 else { throw ctx.error("getNumInteriorRings") }
                for r in 0...Int(holes) {
                    ctx.reset()
                    // Borrowed pointers, owned by the polygon: valid while `self` is alive.
                    let ring = r == 0 ? GEOSGetExteriorRing_r(ctx.handle, polygon) : GEOSGetInteriorRingN_r(ctx.handle, polygon, Int32(r - 1))
                    guard let ring, let seq = GEOSGeom_getCoordSeq_r(ctx.handle, ring) else { throw ctx.error("ring") }
                    var size: UInt32 = 0
                    guard GEOSCoordSeq_getSize_r(ctx.handle, seq, &size) != 0 else { throw ctx.error("getSize") }
                    if buffer.count < Int(size) { buffer = [Coordinate](repeating: Coordinate(x: 0, y: 0), count: Int(size)) }
                    let ok = buffer.withUnsafeMutableBufferPointer { b in
                        b.withMemoryRebound(to: Double.self) { GEOSCoordSeq_copyToBuffer_r(ctx.handle, seq, $0.baseAddress, 0, 0) }
                    }
                    guard ok != 0 else { throw ctx.error("copyToBuffer") }
                    try buffer.withUnsafeBufferPointer { try body(r, UnsafeBufferPointer(rebasing: $0[0..<Int(size)])) }
                }
            }
            switch type {
            case .polygon:
                if !isEmpty { try visit(pointer) }
            case .multiPolygon:
                for i in 0..<numGeometries {
                    guard let part = GEOSGetGeometryN_r(ctx.handle, pointer, Int32(i)) else { throw ctx.error("getGeometryN") }
                    if GEOSisEmpty_r(ctx.handle, part) == 0 { try visit(part) }
                }
            default:
                return
            }
        }
    }

    /// The coordinates of a point, line string or linear ring, copied out in bulk.
    public func coordinates() throws(GEOSError) -> [Coordinate] {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            switch type {
            case .point, .lineString, .linearRing: break
            default: throw GEOSError.invalidInput("coordinates() needs a Point, LineString or LinearRing, got \(type)")
            }
            if isEmpty { return [] }
            ctx.reset()
            guard let seq = GEOSGeom_getCoordSeq_r(ctx.handle, pointer) else { throw ctx.error("getCoordSeq") }
            var size: UInt32 = 0
            guard GEOSCoordSeq_getSize_r(ctx.handle, seq, &size) != 0 else { throw ctx.error("getSize") }
            var out = [Coordinate](repeating: Coordinate(x: 0, y: 0), count: Int(size))
            let ok = out.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: Double.self) { doubles in
                    GEOSCoordSeq_copyToBuffer_r(ctx.handle, seq, doubles.baseAddress, 0, 0)
                }
            }
            guard ok != 0 else { throw ctx.error("copyToBuffer") }
            return out
        }
    }

    /// All rings of a polygonal geometry, each as its coordinates: for every polygon in order,
    /// the exterior ring then its holes. Throws for non-polygonal geometries.
    public func polygonRings() throws(GEOSError) -> [[Coordinate]] {
        switch type {
        case .polygon:
            var rings = [try exteriorRing().coordinates()]
            for hole in try interiorRings() { rings.append(try hole.coordinates()) }
            return rings
        case .multiPolygon:
            var rings: [[Coordinate]] = []
            for part in try parts { rings += try part.polygonRings() }
            return rings
        default:
            throw GEOSError.invalidInput("polygonRings() needs a Polygon or MultiPolygon, got \(type)")
        }
    }

    /// A deep copy with its own GEOS handle.
    public func clone() throws(GEOSError) -> Geometry {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            return try Geometry(owning: GEOSGeom_clone_r(ctx.handle, pointer), context: ctx, operation: "clone")
        }
    }
}

/// Owns one GEOS geometry handle and frees it exactly once.
///
/// `@unchecked Sendable` is sound here because the handle is never mutated after `init`:
/// the only lazily filled member of a GEOS geometry, its envelope, is forced in `init`
/// (through `GEOSGeom_getExtent_r`) before the box can reach another thread.
final class GeometryHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    let envelope: Envelope?
    /// The geometry's type, nil when GEOS reports none (``Geometry/init(owning:context:operation:)``
    /// refuses such a handle).
    let type: GeometryType?

    init(_ pointer: OpaquePointer, context: GEOSContext) {
        self.pointer = pointer
        type = GeometryType(rawValue: Int(GEOSGeomTypeId_r(context.handle, pointer)))
        var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
        if GEOSisEmpty_r(context.handle, pointer) == 0,
            GEOSGeom_getExtent_r(context.handle, pointer, &minX, &minY, &maxX, &maxY) != 0
        {
            envelope = Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
        } else {
            envelope = nil
        }
    }

    deinit {
        // Any context may free a geometry; use this thread's.
        GEOSGeom_destroy_r(GEOSContext.current.handle, pointer)
    }
}

/// The kinds of GEOS geometry (the values of `GEOSGeomTypeId`).
public enum GeometryType: Int, Sendable, CustomStringConvertible {
    /// A single position.
    case point = 0
    /// A sequence of positions joined by straight segments.
    case lineString
    /// A closed line string (the ring of a polygon).
    case linearRing
    /// An area bounded by an exterior ring, minus its holes.
    case polygon
    /// A collection of points.
    case multiPoint
    /// A collection of line strings.
    case multiLineString
    /// A collection of polygons.
    case multiPolygon
    /// A collection of any geometries.
    case geometryCollection

    public var description: String {
        switch self {
        case .point: return "Point"
        case .lineString: return "LineString"
        case .linearRing: return "LinearRing"
        case .polygon: return "Polygon"
        case .multiPoint: return "MultiPoint"
        case .multiLineString: return "MultiLineString"
        case .multiPolygon: return "MultiPolygon"
        case .geometryCollection: return "GeometryCollection"
        }
    }

    /// Whether geometries of this type have area (Polygon, MultiPolygon).
    public var isPolygonal: Bool { self == .polygon || self == .multiPolygon }
}
