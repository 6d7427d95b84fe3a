import CGEOS

/// Why a geometry is invalid, and where (GEOS's `isValidDetail`).
public struct ValidityProblem: Sendable, Equatable, CustomStringConvertible {
    /// GEOS's reason, e.g. `Self-intersection` or `Ring Self-intersection`.
    public let reason: String
    /// Where the first problem was found, when GEOS gives a location.
    public let location: Coordinate?
    public var description: String {
        location.map { "\(reason) at \($0)" } ?? reason
    }
}

/// How `makeValid` repairs an invalid geometry (GEOS `GEOSMakeValidMethods`).
public enum MakeValidMethod: Sendable {
    /// Keeps all input vertices and linework; collapsed parts may come back as lines or points.
    case linework
    /// Rebuilds polygons from their rings (exterior rings unioned, holes subtracted); gives
    /// polygonal output for polygonal input. `keepCollapsed` keeps collapsed parts as lines/points.
    case structure(keepCollapsed: Bool)
}

extension Geometry {
    /// Whether the geometry is valid by the OGC rules (closed, non-self-intersecting rings, holes inside, ...).
    public func isValid() throws(GEOSError) -> Bool {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            let r = GEOSisValid_r(ctx.handle, pointer)
            if r == 2 { throw ctx.error("isValid") }
            return r == 1
        }
    }

    /// The first validity problem, or `nil` when the geometry is valid.
    public func validityProblem() throws(GEOSError) -> ValidityProblem? {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            var reason: UnsafeMutablePointer<CChar>?
            var location: OpaquePointer?
            let r = GEOSisValidDetail_r(ctx.handle, pointer, 0, &reason, &location)
            if r == 2 { throw ctx.error("isValidDetail") }
            defer { if let reason { GEOSFree_r(ctx.handle, reason) } }
            let locationGeometry = try location.map { (l) throws(GEOSError) in try Geometry(owning: l, context: ctx, operation: "isValidDetail") }
            if r == 1 { return nil }
            return ValidityProblem(
                reason: reason.map { String(cString: $0) } ?? "Invalid",
                location: locationGeometry?.pointCoordinate)
        }
    }

    /// A valid geometry covering the same points, repaired with `method`.
    public func makeValid(method: MakeValidMethod = .structure(keepCollapsed: false)) throws(GEOSError) -> Geometry {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            guard let params = GEOSMakeValidParams_create_r(ctx.handle) else { throw ctx.error("makeValid params") }
            defer { GEOSMakeValidParams_destroy_r(ctx.handle, params) }
            switch method {
            case .linework:
                GEOSMakeValidParams_setMethod_r(ctx.handle, params, GEOS_MAKE_VALID_LINEWORK)
            case let .structure(keepCollapsed):
                GEOSMakeValidParams_setMethod_r(ctx.handle, params, GEOS_MAKE_VALID_STRUCTURE)
                GEOSMakeValidParams_setKeepCollapsed_r(ctx.handle, params, keepCollapsed ? 1 : 0)
            }
            return try Geometry(owning: GEOSMakeValidWithParams_r(ctx.handle, pointer, params), context: ctx, operation: "makeValid")
        }
    }

    /// Coverage validation through GEOS 3.12's `GEOSCoverageIsValid`: for a collection of
    /// polygons meant to tile without overlaps, returns the edges that do not match their
    /// neighbours (and bound gaps narrower than `gapWidth`), or `nil` when the coverage is valid.
    /// - Throws: ``GEOSError/unsupported(_:)`` when built against GEOS < 3.12. Territory
    ///   validation does not depend on this: it finds overlaps and gaps the same way on every version.
    public func coverageInvalidEdges(gapWidth: Double) throws(GEOSError) -> Geometry? {
        try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            var edges: OpaquePointer?
            let r = cgeos_coverage_is_valid(ctx.handle, pointer, gapWidth, &edges)
            if r == 3 { throw GEOSError.unsupported("GEOSCoverageIsValid needs GEOS 3.12 (installed: \(GEOSLibrary.version))") }
            if r == 2 { throw ctx.error("coverageIsValid") }
            let edgeGeometry = try edges.map { (e) throws(GEOSError) in try Geometry(owning: e, context: ctx, operation: "coverageIsValid") }
            return r == 1 ? nil : edgeGeometry
        }
    }
}
