import GEOS

/// The polygons of a geometry as one Polygon / MultiPolygon (lines and points dropped).
func polygonalPart(_ g: Geometry) throws -> Geometry {
    switch g.type {
    case .polygon, .multiPolygon: return g
    case .geometryCollection:
        let polys = try polygons(of: g)
        return polys.count == 1 ? polys[0] : try Geometry.multiPolygon(polys)
    default: return try Geometry.empty(.polygon)
    }
}

/// The individual non-empty polygons of any geometry, recursively.
func polygons(of g: Geometry) throws -> [Geometry] {
    if g.isEmpty { return [] }
    switch g.type {
    case .polygon: return [g]
    case .multiPolygon, .geometryCollection: return try g.parts.flatMap { try polygons(of: $0) }
    default: return []
    }
}

/// An invalid polygon rebuilt by GEOS `makeValid` (structure method, collapsed parts dropped),
/// keeping only its polygons: how every folder repairs a polygon it must use (loading damaged
/// maps, validation's overlay, repair).
func repairedPolygons(_ g: Geometry) throws -> Geometry {
    try polygonalPart(g.makeValid(method: .structure(keepCollapsed: false)))
}
