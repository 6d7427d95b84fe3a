import CGEOS

// Linework: merging lines end to end and building polygons from noded lines.
extension Geometry {
    /// The lines of this (multi)line geometry joined end to end wherever exactly two meet, so that
    /// each result line runs from one junction (or free end) to the next.
    /// - Throws: ``GEOSError`` when GEOS fails.
    public func lineMerged() throws(GEOSError) -> Geometry { try unary("lineMerge", GEOSLineMerge_r) }

    /// The polygons formed by noded lines (lines that meet only at their endpoints), as a
    /// geometry collection. Lines that close no area (dangles, cut edges) are left out.
    ///
    /// ## Example
    /// ```swift
    /// let square = try Geometry(wkt: "LINESTRING(0 0, 1 0, 1 1, 0 1, 0 0)")
    /// let faces = try Geometry.polygonize([square])   // GEOMETRYCOLLECTION(POLYGON((0 0, ...)))
    /// ```
    /// - Throws: ``GEOSError`` when GEOS fails.
    public static func polygonize(_ lines: [Geometry]) throws(GEOSError) -> Geometry {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            // GEOS reads the array of borrowed pointers during the call only.
            let pointers: [OpaquePointer?] = lines.map { $0.pointer }
            let result = pointers.withUnsafeBufferPointer { GEOSPolygonize_r(ctx.handle, $0.baseAddress, UInt32($0.count)) }
            return try Geometry(owning: result, context: ctx, operation: "polygonize")
        }
    }
}
