import CGDAL

/// A coordinate reference system as GDAL knows it (an `OGRSpatialReferenceH`), with the axis
/// order its layer's data uses.
///
/// ## Example
/// ```swift
/// let albers = try SpatialReference("EPSG:5070")
/// print(albers.identifier)          // EPSG:5070
/// print(albers.isGeographic)        // false
/// ```
/// - Throws: ``GDALError/spatialReference(_:)`` when GDAL does not know the CRS.
public final class SpatialReference {
    let handle: COGRSpatialReferenceH
    private let api: CGDALAPI

    /// A CRS from anything GDAL reads: `EPSG:4269`, a PROJ string, WKT, PROJJSON, a URN.
    /// Coordinates are taken in traditional GIS order (x = longitude or easting).
    /// - Throws: ``GDALError/spatialReference(_:)`` when GDAL does not know it.
    public init(_ definition: String) throws(GDALError) {
        let (made, message) = try GDALLibrary.call { (g) throws(GDALError) -> (COGRSpatialReferenceH?, COGRErr) in
            let h = g.OSRNewSpatialReference!(nil)
            return (h, h.map { g.OSRSetFromUserInput!($0, definition) } ?? -1)
        }
        api = try GDALLibrary.api()
        guard let h = made.0 else { throw .spatialReference("\(definition): \(message ?? "out of memory")") }
        guard made.1 == COGRERR_NONE else {
            api.OSRRelease!(h)
            throw .spatialReference("\(definition)\(message.map { ": \($0)" } ?? "")")
        }
        api.OSRSetAxisMappingStrategy!(h, UInt32(COAMS_TRADITIONAL_GIS_ORDER))
        handle = h
    }

    /// Takes a clone of a layer's CRS (GDAL keeps the layer's own).
    init?(cloning h: COGRSpatialReferenceH, api: CGDALAPI) {
        guard let copy = api.OSRClone!(h) else { return nil }
        self.api = api
        handle = copy
    }

    deinit { api.OSRRelease!(handle) }

    /// `AUTHORITY:CODE` (e.g. `EPSG:4269`) when the CRS carries one at its root, else nil.
    public var authority: String? {
        guard let name = api.OSRGetAuthorityName!(handle, nil), let code = api.OSRGetAuthorityCode!(handle, nil) else { return nil }
        return "\(String(cString: name)):\(String(cString: code))"
    }

    /// The CRS as WKT2 (2019), which PROJ reads.
    public var wkt: String {
        var text: UnsafeMutablePointer<CChar>?
        _ = withConstOptions(["FORMAT=WKT2_2019"]) { api.OSRExportToWktEx!(handle, &text, $0) }
        defer { api.VSIFree!(text) }
        return text.map { String(cString: $0) } ?? ""
    }

    /// The best name to hand to PROJ: the authority code when there is one, else WKT2.
    public var identifier: String { authority ?? wkt }

    /// Whether the CRS is geographic (degrees of longitude and latitude).
    public var isGeographic: Bool { api.OSRIsGeographic!(handle) != 0 }

    /// Whether two CRSs describe the same system (datum, axes and units), whatever their names.
    public func isEquivalent(to other: SpatialReference) -> Bool {
        withConstOptions(["CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", "IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES"]) {
            api.OSRIsSameEx!(handle, other.handle, $0) != 0
        }
    }

    /// For each axis of the layer's data (x, y), the CRS axis it holds: 1-based, negative when
    /// the direction is reversed. `[1, 2]` is the CRS's own order, `[2, 1]` swapped.
    public var dataAxisMapping: [Int] {
        var count: Int32 = 0
        guard let p = api.OSRGetDataAxisToSRSAxisMapping!(handle, &count) else { return [] }
        return (0..<Int(count)).map { Int(p[$0]) }
    }

    /// The mapping that traditional GIS order (x = longitude or easting) gives for this CRS.
    public var traditionalAxisMapping: [Int] {
        guard let copy = SpatialReference(cloning: handle, api: api) else { return dataAxisMapping }
        api.OSRSetAxisMappingStrategy!(copy.handle, UInt32(COAMS_TRADITIONAL_GIS_ORDER))
        return copy.dataAxisMapping
    }
}

/// Calls `body` with a NULL-terminated C array of the strings (GDAL's option lists), or NULL
/// when there are none.
func withOptions<R>(_ options: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws -> R) rethrows -> R {
    if options.isEmpty { return try body(nil) }
    var pointers: [UnsafeMutablePointer<CChar>?] = options.map { strdupSwift($0) }
    pointers.append(nil)
    defer { for p in pointers { p?.deallocate() } }
    return try pointers.withUnsafeMutableBufferPointer { try body($0.baseAddress) }
}

/// The same list for GDAL's functions that take `const char *const *`.
func withConstOptions<R>(_ options: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> R) rethrows -> R {
    try withOptions(options) { list in try body(UnsafeRawPointer(list)?.assumingMemoryBound(to: UnsafePointer<CChar>?.self)) }
}

/// A C string copy owned by Swift (freed with `deallocate`).
private func strdupSwift(_ s: String) -> UnsafeMutablePointer<CChar> {
    let utf8 = Array(s.utf8CString)
    let p = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
    p.initialize(from: utf8, count: utf8.count)
    return p
}

/// A transformation between two CRSs (GDAL's, over PROJ), in traditional GIS axis order.
public final class CoordinateTransformation {
    let handle: COGRCoordinateTransformationH
    private let api: CGDALAPI

    /// A transformation from `source` to `target`.
    /// - Throws: ``GDALError/spatialReference(_:)`` when PROJ finds no way between them.
    public init(from source: SpatialReference, to target: SpatialReference) throws(GDALError) {
        let (h, message) = try GDALLibrary.call { g in g.OCTNewCoordinateTransformation!(source.handle, target.handle) }
        guard let h else { throw .spatialReference(message ?? "no transformation from \(source.identifier) to \(target.identifier)") }
        handle = h
        api = try GDALLibrary.api()
    }

    deinit { api.OCTDestroyCoordinateTransformation!(handle) }
}
