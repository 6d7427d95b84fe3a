import Foundation
import GEOS
import PROJ

// GEOS geometries measured and transformed with PROJ. These bridge the two C libraries, so
// they live here, above both: the PROJ layer itself does not link GEOS.

/// Polsby-Popper compactness 4πA/P² (1 for a circle, toward 0 for long or ragged shapes) of an
/// area A and perimeter P in consistent units; 0 for a zero perimeter. The one formula that
/// `report` (``Compactness``) and the designer's search both use.
@inline(__always)
func polsbyPopper(area: Double, perimeter: Double) -> Double {
    perimeter > 0 ? 4 * .pi * area / (perimeter * perimeter) : 0
}

extension Geodesic {
    /// Area (m²) and perimeter (m) of a lon/lat geometry. For polygons the area is |exterior|
    /// minus the |holes|, whatever the rings' winding, summed over the parts of a multi-polygon
    /// or collection; the perimeter is the length of every ring, holes included (as GEOS's
    /// length and PostGIS's perimeter count it), and the holes' share is also given apart.
    /// Lines have zero area and their length as perimeter; points measure zero.
    /// - Throws: ``TerritoryError/projection(_:)`` wrapping `PROJError.invalidInput` for an invalid polygon (such as a bow-tie) or a
    ///   coordinate that is not a lon/lat point.
    public func measure(_ geometry: Geometry) throws(TerritoryError) -> GeodesicMeasure {
        try wrapped {
            if geometry.isEmpty { return GeodesicMeasure() }
            switch geometry.type {
            case .polygon:
                // A self-intersecting ring (a bow-tie) has no area: its signed halves cancel, and
                // reporting 0 or their difference would be a wrong answer, not a measurement.
                if let problem = try geometry.validityProblem() {
                    throw PROJError.invalidInput("the polygon is invalid (\(problem.reason)); repair it (makeValid) before measuring its area")
                }
                let shell = try ring(geometry.exteriorRing().coordinates())
                var m = GeodesicMeasure(area: abs(shell.area), perimeter: shell.perimeter)
                for hole in try geometry.interiorRings() {
                    let h = try ring(hole.coordinates())
                    m.area -= abs(h.area)
                    m.perimeter += h.perimeter
                    m.holePerimeter += h.perimeter
                }
                return m
            case .lineString, .linearRing:
                return GeodesicMeasure(area: 0, perimeter: try pathLength(geometry.coordinates()))
            case .point:
                let c = try geometry.coordinates()[0]
                guard c.isFinite, abs(c.y) <= 90 else { throw PROJError.invalidInput("point \(c) is not a lon/lat point") }
                return GeodesicMeasure()
            case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection:
                var total = GeodesicMeasure()
                for part in try geometry.parts {
                    let m = try measure(part)
                    total.area += m.area
                    total.perimeter += m.perimeter
                    total.holePerimeter += m.holePerimeter
                }
                return total
            }
        }
    }

    /// Area in m² of a lon/lat geometry (see ``measure(_:)``).
    public func area(_ geometry: Geometry) throws(TerritoryError) -> Double { try measure(geometry).area }

    /// Perimeter (polygons) or length (lines) in metres of a lon/lat geometry.
    public func perimeter(_ geometry: Geometry) throws(TerritoryError) -> Double { try measure(geometry).perimeter }
}

extension CoordinateTransformer {
    /// Transforms every coordinate of a geometry, ring by ring in bulk, keeping its structure.
    public func transform(_ geometry: Geometry) throws(TerritoryError) -> Geometry {
        try wrapped {
            try geometry.mappingCoordinates { try transform($0) }
        }
    }

    /// Transforms many geometries, in blocks on every core when they are large (a national
    /// coverage has a million vertices; each thread has its own PROJ objects), in input order.
    func transform(_ geometries: [Geometry]) throws(TerritoryError) -> [Geometry] {
        let transformer = self
        @Sendable func inOrder(_ part: ArraySlice<Geometry>) throws(TerritoryError) -> [Geometry] {
            try part.map { g throws(TerritoryError) in try transformer.transform(g) }
        }
        let vertices = geometries.reduce(0) { $0 + $1.numCoordinates }
        let threads = vertices < 100_000 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        if threads == 1 { return try inOrder(geometries[...]) }
        let block = 1_024
        do {
            let blocks = try parallelMap(count: (geometries.count + block - 1) / block, threads: threads) {
                (b: Int) throws(TerritoryError) -> [Geometry] in
                try inOrder(geometries[b * block..<min(geometries.count, (b + 1) * block)])
            }
            return Array(blocks.joined())
        } catch {
            // The threads may fail on different geometries: report the first in order, as one
            // thread would.
            return try inOrder(geometries[...])
        }
    }
}
