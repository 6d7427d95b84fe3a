import CGEOS

// Reading and writing WKT, WKB (bytes and hex) and GeoJSON geometry objects.
extension Geometry {
    /// Reads Well-Known Text, e.g. `POLYGON ((0 0, 1 0, 1 1, 0 0))`.
    /// - Throws: ``GEOSError/parse(format:message:)`` with GEOS's reason.
    public init(wkt: String) throws(GEOSError) {
        self = try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            let pointer = GEOSWKTReader_read_r(ctx.handle, ctx.wktReader, wkt)
            guard pointer != nil else {
                throw GEOSError.parse(format: "WKT", message: ctx.lastError ?? "unreadable WKT")
            }
            return try Geometry(owning: pointer, context: ctx, operation: "WKT read")
        }
    }

    /// Reads Well-Known Binary (ISO or extended, either byte order).
    public init(wkb: [UInt8]) throws(GEOSError) {
        self = try Geometry.readWKB(wkb, format: "WKB", GEOSWKBReader_read_r)
    }

    /// Reads hex-encoded Well-Known Binary (as PostGIS prints it).
    public init(wkbHex: String) throws(GEOSError) {
        self = try Geometry.readWKB(Array(wkbHex.utf8), format: "WKB hex", GEOSWKBReader_readHEX_r)
    }

    private static func readWKB(
        _ bytes: [UInt8], format: String,
        _ read: (GEOSContextHandle_t, OpaquePointer, UnsafePointer<UInt8>?, Int) -> OpaquePointer?
    ) throws(GEOSError) -> Geometry {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            let pointer = bytes.withUnsafeBufferPointer { read(ctx.handle, ctx.wkbReader, $0.baseAddress, $0.count) }
            guard pointer != nil else {
                throw GEOSError.parse(format: format, message: ctx.lastError ?? "unreadable \(format)")
            }
            return try Geometry(owning: pointer, context: ctx, operation: "\(format) read")
        }
    }

    /// Reads a GeoJSON geometry object, e.g. `{"type":"Point","coordinates":[1,2]}`.
    /// A Feature or FeatureCollection is read as its geometry or a collection of them.
    public init(geoJSON: String) throws(GEOSError) {
        self = try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            guard let reader = GEOSGeoJSONReader_create_r(ctx.handle) else { throw ctx.error("GeoJSON reader") }
            defer { GEOSGeoJSONReader_destroy_r(ctx.handle, reader) }
            let pointer = GEOSGeoJSONReader_readGeometry_r(ctx.handle, reader, geoJSON)
            guard pointer != nil else {
                throw GEOSError.parse(format: "GeoJSON", message: ctx.lastError ?? "unreadable GeoJSON")
            }
            return try Geometry(owning: pointer, context: ctx, operation: "GeoJSON read")
        }
    }

    /// Well-Known Text. `precision` limits the decimals written; `nil` writes every coordinate
    /// in shortest round-trip form, so that it reads back to the same double.
    ///
    /// Written here rather than by GEOS's WKT writer, for two reasons. Exactness: every
    /// coordinate is written in shortest round-trip form, so WKT written and read back gives the
    /// same doubles (GEOS's writer rounds to a precision). Safety: GEOS 3.11.1's trimmed writer
    /// formats each number into a fixed stack buffer; it writes 1e9 … 1e130 correctly, but
    /// coordinates from about 1e140 overflow it (found by fuzzing: a stack smash, see
    /// fixtures/bad/huge_coordinate.wkb). Shapely avoids that by refusing coordinates above 1e100;
    /// this writer writes any finite value.
    public func wkt(precision: Int? = nil) throws(GEOSError) -> String {
        var out = ""
        try WKTWriter(precision: precision).write(self, to: &out, tagged: true)
        return out
    }

    /// Well-Known Binary, little-endian, 2D.
    public func wkb() throws(GEOSError) -> [UInt8] {
        try writeWKB(hex: false)
    }

    /// Hex-encoded Well-Known Binary, little-endian, 2D, upper-case.
    public func wkbHex() throws(GEOSError) -> String {
        String(decoding: try writeWKB(hex: true), as: UTF8.self)
    }

    private func writeWKB(hex: Bool) throws(GEOSError) -> [UInt8] {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            guard let writer = GEOSWKBWriter_create_r(ctx.handle) else { throw ctx.error("WKB writer") }
            defer { GEOSWKBWriter_destroy_r(ctx.handle, writer) }
            GEOSWKBWriter_setByteOrder_r(ctx.handle, writer, Int32(GEOS_WKB_NDR.rawValue))
            GEOSWKBWriter_setOutputDimension_r(ctx.handle, writer, 2)
            var size = 0
            let bytes =
                hex
                ? GEOSWKBWriter_writeHEX_r(ctx.handle, writer, pointer, &size)
                : GEOSWKBWriter_write_r(ctx.handle, writer, pointer, &size)
            guard let bytes else { throw ctx.error("WKB write") }
            defer { GEOSFree_r(ctx.handle, bytes) }
            return Array(UnsafeBufferPointer(start: bytes, count: size))
        }
    }

    /// A GeoJSON geometry object (RFC 7946 member order: type, coordinates).
    public func geoJSON() throws(GEOSError) -> String {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            guard let writer = GEOSGeoJSONWriter_create_r(ctx.handle) else { throw ctx.error("GeoJSON writer") }
            defer { GEOSGeoJSONWriter_destroy_r(ctx.handle, writer) }
            guard let text = GEOSGeoJSONWriter_writeGeometry_r(ctx.handle, writer, pointer, -1) else {
                throw ctx.error("GeoJSON write")
            }
            defer { GEOSFree_r(ctx.handle, text) }
            return String(cString: text)
        }
    }
}

extension Geometry: CustomStringConvertible {
    /// The geometry as WKT (or a note when it cannot be written).
    public var description: String { (try? wkt()) ?? "<unwritable geometry>" }
}

/// Writes WKT for every geometry type, coordinates in shortest round-trip or fixed precision.
private struct WKTWriter {
    let precision: Int?

    func number(_ v: Double) -> String {
        guard let precision else { return NumberText.shortest(v) }
        return NumberText.fixed(v, decimals: precision)
    }

    func coordinates(_ cs: [Coordinate]) -> String {
        "(" + cs.map { number($0.x) + " " + number($0.y) }.joined(separator: ", ") + ")"
    }

    func write(_ g: Geometry, to out: inout String, tagged: Bool) throws(GEOSError) {
        let type = g.type
        if tagged { out += type.description.uppercased() + " " }
        if g.isEmpty { out += "EMPTY"; return }
        switch type {
        case .point, .lineString, .linearRing:
            out += coordinates(try g.coordinates())
        case .polygon:
            out += "(" + (try g.polygonRings().map(coordinates).joined(separator: ", ")) + ")"
        case .multiPoint:
            out += "(" + (try g.parts.map { (part) throws(GEOSError) in coordinates(try part.coordinates()) }.joined(separator: ", ")) + ")"
        case .multiLineString, .multiPolygon, .geometryCollection:
            out += "("
            for (i, part) in try g.parts.enumerated() {
                if i > 0 { out += ", " }
                try write(part, to: &out, tagged: type == .geometryCollection)
            }
            out += ")"
        }
    }
}
