import CGEOS

// Geometries built from coordinates. Coordinates are copied into GEOS in bulk
// (`GEOSCoordSeq_copyFromBuffer_r`), never one ordinate at a time.
extension Geometry {
    /// A point.
    public static func point(x: Double, y: Double) throws(GEOSError) -> Geometry {
        guard x.isFinite, y.isFinite else { throw GEOSError.invalidInput("point (\(x), \(y)) is not finite") }
        return try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            return try Geometry(owning: GEOSGeom_createPointFromXY_r(ctx.handle, x, y), context: ctx, operation: "createPoint")
        }
    }

    /// A line string through `coordinates` (at least two).
    public static func lineString(_ coordinates: [Coordinate]) throws(GEOSError) -> Geometry {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            let seq = try coordinateSequence(coordinates, context: ctx)
            ctx.reset()
            return try Geometry(owning: GEOSGeom_createLineString_r(ctx.handle, seq), context: ctx, operation: "createLineString")
        }
    }

    /// A polygon from its exterior ring and holes. Each ring must be closed (first == last)
    /// and have at least four coordinates; GEOS's complaint is thrown otherwise.
    /// Ring orientation is kept as given.
    public static func polygon(exterior: [Coordinate], holes: [[Coordinate]] = []) throws(GEOSError) -> Geometry {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in try makePolygon(exterior: exterior, holes: holes, context: ctx) }
    }

    /// A polygon from rings given as flat `[x0, y0, x1, y1, ...]` arrays (as GeoJSON readers
    /// produce them): the exterior ring first, then the holes.
    public static func polygon(flatRings: [[Double]]) throws(GEOSError) -> Geometry {
        guard let exterior = flatRings.first else { return try empty(.polygon) }
        return try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            try assemblePolygon(exterior: exterior, holes: Array(flatRings.dropFirst()), context: ctx, ring: linearRing(flat:context:))
        }
    }

    /// A multi-polygon whose parts are copies of `polygons` (each must be a Polygon).
    public static func multiPolygon(_ polygons: [Geometry]) throws(GEOSError) -> Geometry {
        for p in polygons where p.type != .polygon {
            throw GEOSError.invalidInput("multiPolygon parts must be Polygons, got \(p.type)")
        }
        return try collection(polygons, type: .multiPolygon)
    }

    /// A collection of the given type (multi-point, multi-line, multi-polygon or geometry
    /// collection) whose members are copies of `members`.
    public static func collection(_ members: [Geometry], type: GeometryType = .geometryCollection) throws(GEOSError) -> Geometry {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            var clones: [OpaquePointer?] = []
            clones.reserveCapacity(members.count)
            for m in members {
                ctx.reset()
                guard let c = GEOSGeom_clone_r(ctx.handle, m.pointer) else {
                    for c in clones { GEOSGeom_destroy_r(ctx.handle, c) }
                    throw ctx.error("clone")
                }
                clones.append(c)
            }
            ctx.reset()
            let result = clones.withUnsafeMutableBufferPointer {
                GEOSGeom_createCollection_r(ctx.handle, Int32(type.rawValue), $0.baseAddress, UInt32($0.count))
            }
            if result == nil { for c in clones { GEOSGeom_destroy_r(ctx.handle, c) } }
            return try Geometry(owning: result, context: ctx, operation: "createCollection")
        }
    }

    /// An empty geometry of the given type (point, line string, polygon or collection types).
    public static func empty(_ type: GeometryType) throws(GEOSError) -> Geometry {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            let pointer: OpaquePointer?
            switch type {
            case .point: pointer = GEOSGeom_createEmptyPoint_r(ctx.handle)
            case .lineString, .linearRing: pointer = GEOSGeom_createEmptyLineString_r(ctx.handle)
            case .polygon: pointer = GEOSGeom_createEmptyPolygon_r(ctx.handle)
            default: pointer = GEOSGeom_createEmptyCollection_r(ctx.handle, Int32(type.rawValue))
            }
            return try Geometry(owning: pointer, context: ctx, operation: "createEmpty")
        }
    }

    /// An axis-aligned rectangle polygon.
    public static func rectangle(_ envelope: Envelope) throws(GEOSError) -> Geometry {
        try polygon(exterior: [
            Coordinate(x: envelope.minX, y: envelope.minY), Coordinate(x: envelope.maxX, y: envelope.minY),
            Coordinate(x: envelope.maxX, y: envelope.maxY), Coordinate(x: envelope.minX, y: envelope.maxY),
            Coordinate(x: envelope.minX, y: envelope.minY),
        ])
    }

    // MARK: - Internals

    static func makePolygon(exterior: [Coordinate], holes: [[Coordinate]], context ctx: GEOSContext) throws(GEOSError) -> Geometry {
        try assemblePolygon(exterior: exterior, holes: holes, context: ctx, ring: linearRing(_:context:))
    }

    /// Builds every ring with `ring`, then the polygon; on any failure frees what was built.
    private static func assemblePolygon<Ring>(
        exterior: Ring, holes: [Ring], context ctx: GEOSContext,
        ring: (Ring, GEOSContext) throws(GEOSError) -> OpaquePointer
    ) throws(GEOSError) -> Geometry {
        let shell = try ring(exterior, ctx)
        var holeRings: [OpaquePointer?] = []
        do {
            for h in holes { holeRings.append(try ring(h, ctx)) }
        } catch {
            GEOSGeom_destroy_r(ctx.handle, shell)
            for h in holeRings { GEOSGeom_destroy_r(ctx.handle, h) }
            throw error
        }
        ctx.reset()
        // On success GEOS takes ownership of the shell and holes; on failure it frees them.
        let polygon = holeRings.withUnsafeMutableBufferPointer {
            GEOSGeom_createPolygon_r(ctx.handle, shell, $0.baseAddress, UInt32($0.count))
        }
        return try Geometry(owning: polygon, context: ctx, operation: "createPolygon")
    }

    static func coordinateSequence(_ coordinates: [Coordinate], context ctx: GEOSContext) throws(GEOSError) -> OpaquePointer {
        for (i, c) in coordinates.enumerated() where !c.isFinite {
            throw GEOSError.invalidInput("coordinate \(i) \(c) is not finite")
        }
        ctx.reset()
        let seq = coordinates.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: Double.self) {
                GEOSCoordSeq_copyFromBuffer_r(ctx.handle, $0.baseAddress, UInt32(coordinates.count), 0, 0)
            }
        }
        guard let seq else { throw ctx.error("copyFromBuffer") }
        return seq
    }

    static func linearRing(_ coordinates: [Coordinate], context ctx: GEOSContext) throws(GEOSError) -> OpaquePointer {
        try checkRing(count: coordinates.count, first: coordinates.first, last: coordinates.last)
        let seq = try coordinateSequence(coordinates, context: ctx)
        ctx.reset()
        guard let ring = GEOSGeom_createLinearRing_r(ctx.handle, seq) else { throw ctx.error("createLinearRing") }
        return ring
    }

    static func linearRing(flat: [Double], context ctx: GEOSContext) throws(GEOSError) -> OpaquePointer {
        guard flat.count % 2 == 0 else { throw GEOSError.invalidInput("ring has an odd number of ordinates") }
        let n = flat.count / 2
        try checkRing(
            count: n, first: n > 0 ? Coordinate(x: flat[0], y: flat[1]) : nil,
            last: n > 0 ? Coordinate(x: flat[2 * n - 2], y: flat[2 * n - 1]) : nil)
        for i in 0..<n where !(flat[2 * i].isFinite && flat[2 * i + 1].isFinite) {
            throw GEOSError.invalidInput("coordinate \(i) (\(flat[2 * i]), \(flat[2 * i + 1])) is not finite")
        }
        ctx.reset()
        let seq = flat.withUnsafeBufferPointer { GEOSCoordSeq_copyFromBuffer_r(ctx.handle, $0.baseAddress, UInt32(n), 0, 0) }
        guard let seq else { throw ctx.error("copyFromBuffer") }
        guard let ring = GEOSGeom_createLinearRing_r(ctx.handle, seq) else { throw ctx.error("createLinearRing") }
        return ring
    }

    /// GEOS would also refuse these rings, but with a less specific message.
    private static func checkRing(count: Int, first: Coordinate?, last: Coordinate?) throws(GEOSError) {
        if count == 0 { return }  // an empty ring is allowed (an empty polygon)
        guard count >= 4 else { throw GEOSError.invalidInput("ring has \(count) coordinates; a closed ring needs at least 4") }
        guard first == last else {
            throw GEOSError.invalidInput("ring is not closed: first \(first!) differs from last \(last!)")
        }
    }
}
