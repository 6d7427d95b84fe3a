import CPROJ

/// A transformation between two coordinate reference systems, in traditional GIS axis order
/// (x = longitude or easting, y = latitude or northing) on both sides.
///
/// CRSs are given as anything PROJ reads: `EPSG:2263`, `urn:ogc:def:crs:EPSG::2263`, a PROJ
/// string (`+proj=laea +lat_0=35 +lon_0=-79 +datum=WGS84`), or WKT. The value is a
/// description and is `Sendable`; the PROJ object behind it is built once per thread.
///
/// ## Example
/// ```swift
/// let toFeet = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:2263")
/// let p = try toFeet.transform(Coordinate(x: -73.98, y: 40.75))     // New York State Plane, US feet
/// let back = try toFeet.inverse.transform(p)
/// ```
/// - Throws: ``PROJError`` from the initialiser when PROJ cannot build the transformation, with
///   PROJ's own message (PROJ prints nothing itself), and from `transform` for a point outside
///   the projection's domain.
public struct CoordinateTransformer: Sendable, Hashable {
    /// The source CRS, as given.
    public let source: String
    /// The target CRS, as given.
    public let target: String
    /// Set when the transformer is a PROJ operation string rather than a CRS pair.
    private let isOperation: Bool
    /// Set when an operation string is run backwards (its ``inverse``).
    private var inverted = false

    /// A transformer from `source` to `target`.
    /// - Throws: ``PROJError/unknownCRS(crs:message:)`` when either CRS is not known to PROJ,
    ///   ``PROJError/noTransformation(source:target:message:)`` when PROJ finds no operation.
    public init(from source: String, to target: String) throws(PROJError) {
        self.source = source
        self.target = target
        isOperation = false
        _ = try PROJContext.current.transformation(from: source, to: target)
    }

    /// A transformer running a PROJ operation string as given, e.g. a pipeline
    /// `+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step +proj=laea +lat_0=35 +lon_0=-79 +ellps=WGS84`.
    /// Operations are built in microseconds (no CRS database search), for many local projections.
    /// Input and output units are whatever the operation says.
    public init(operation: String) throws(PROJError) {
        source = operation
        target = ""
        isOperation = true
        _ = try PROJContext.current.operation(operation)
    }

    /// Lon/lat (degrees, WGS 84) to a Lambert azimuthal equal-area plane in metres centred on
    /// `center`: areas exact, distances near the centre nearly so.
    public static func localEqualArea(center: Coordinate) throws(PROJError) -> CoordinateTransformer {
        try CoordinateTransformer(
            operation: "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
                + "+step +proj=laea +lat_0=\(center.y) +lon_0=\(center.x) +ellps=WGS84")
    }

    /// The transformer going the other way: the CRS pair swapped, or the operation run backwards.
    /// - Throws: ``PROJError`` when PROJ has no inverse for the operation (or no transformation
    ///   between the swapped CRSs).
    public var inverse: CoordinateTransformer {
        get throws(PROJError) {
            guard isOperation else { return try CoordinateTransformer(from: target, to: source) }
            let context = try PROJContext.current
            let pj = try context.operation(source)
            guard context.api.proj_pj_info(pj).has_inverse != 0 else {
                throw PROJError.invalidInput("the operation has no inverse: \(source)")
            }
            var backwards = self
            backwards.inverted.toggle()
            return backwards
        }
    }

    /// Transforms one coordinate.
    public func transform(_ coordinate: Coordinate) throws(PROJError) -> Coordinate {
        try transform([coordinate])[0]
    }

    /// Transforms many coordinates in one PROJ call (`proj_trans_generic`).
    public func transform(_ coordinates: [Coordinate]) throws(PROJError) -> [Coordinate] {
        if coordinates.isEmpty { return [] }
        let context = try PROJContext.current
        let pj = try isOperation ? context.operation(source) : context.transformation(from: source, to: target)
        var out = coordinates
        let stride = MemoryLayout<Coordinate>.stride
        _ = context.api.proj_errno_reset(pj)
        context.clearLog()
        out.withUnsafeMutableBufferPointer { buffer in
            let base = UnsafeMutableRawPointer(buffer.baseAddress!)
            let xs = base.assumingMemoryBound(to: Double.self)
            let ys = (base + MemoryLayout<Double>.size).assumingMemoryBound(to: Double.self)
            _ = context.api.proj_trans_generic(
                pj, inverted ? Int32(CPROJ_INV) : Int32(CPROJ_FWD), xs, stride, buffer.count, ys, stride, buffer.count,
                nil, 0, 0, nil, 0, 0)
        }
        // PROJ marks coordinates it could not transform with HUGE_VAL (infinity).
        if let bad = out.firstIndex(where: { !$0.isFinite }) {
            let code = context.api.proj_errno(pj)
            // PROJ's own line (e.g. "webmerc: Invalid latitude") when it wrote one.
            let message =
                context.takeLog()
                ?? (code != 0
                    ? context.api.proj_context_errno_string(context.handle, code).map { String(cString: $0) } ?? "PROJ error \(code)"
                    : "outside the transformation's domain")
            throw PROJError.transformFailed(index: bad, coordinate: coordinates[bad].description, message: message)
        }
        return out
    }
}
