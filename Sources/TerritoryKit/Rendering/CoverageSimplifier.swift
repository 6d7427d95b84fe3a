import Foundation
import GEOS

/// Simplifies neighbouring polygons together, so that a border two territories share is
/// simplified once and drawn identically on both sides: no slivers open between neighbours and
/// none overlap, however coarse the tolerance.
///
/// The method: the polygons' boundaries are noded into one set of lines (a shared border
/// becomes a single line; lines meet only at junctions), merged end to end between junctions,
/// simplified together by GEOS's topology-preserving simplifier (which keeps every line's end
/// points and lets no line cross another), and the faces they enclose are rebuilt by
/// polygonizing. Each face goes to the polygon that contains a point inside it; faces inside no
/// polygon (gaps, holes) are dropped. A polygon left with no face (smaller than the tolerance)
/// keeps its own simplified outline. The same code runs on every GEOS version; GEOS 3.12's
/// `GEOSCoverageSimplifyVW` is not used, so the picture does not depend on the installed GEOS.
enum CoverageSimplifier {
    /// Each polygon simplified to within `tolerance` (planar units), in input order.
    static func simplify(_ polygons: [Geometry], tolerance: Double) throws -> [Geometry] {
        guard !polygons.isEmpty else { return [] }
        let boundaries = try polygons.map { try $0.boundary() }
        let noded = try Geometry.unaryUnion(boundaries)
        let merged = try noded.lineMerged()
        let simplified = try merged.simplifyPreservingTopology(tolerance: tolerance)
        let faces = try Geometry.polygonize(
            simplified.type == .geometryCollection || simplified.type == .multiLineString
                ? simplified.parts : [simplified]
        ).parts
        let prepared = try polygons.map { try PreparedGeometry($0) }
        let tree = try STRtree(polygons)
        var owned = [[Geometry]](repeating: [], count: polygons.count)
        for face in faces {
            guard let inside = try face.pointOnSurface().pointCoordinate else { continue }
            let candidates = try tree.query(Envelope(minX: inside.x, minY: inside.y, maxX: inside.x, maxY: inside.y)).sorted()
            if let owner = try candidates.first(where: { try prepared[$0].contains(x: inside.x, y: inside.y) }) {
                owned[owner].append(face)
            }
        }
        return try polygons.indices.map { i in
            owned[i].isEmpty
                ? try polygons[i].simplifyPreservingTopology(tolerance: tolerance)
                : try Geometry.collection(owned[i], type: .multiPolygon)
        }
    }
}
