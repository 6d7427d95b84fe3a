import Foundation
import GEOS

/// One territory as a feature for a GIS output: its properties as written (the id property set
/// to the territory's id) and its polygons as little-endian WKB MultiPolygon, rings oriented as
/// the GeoJSON output orients them (exterior counter-clockwise, holes clockwise). A writer of
/// another format takes these typed values directly, not GeoJSON text read back.
public struct OutputFeature: Sendable {
    /// The properties, in order.
    public let properties: [JSONMember]
    /// The geometry: a WKB MultiPolygon (one part per polygon of the territory).
    public let wkb: [UInt8]
}

extension TerritoryMap {
    /// Every territory as an ``OutputFeature``, in map order.
    /// - Throws: ``TerritoryError`` when a geometry cannot be read out of GEOS.
    public func outputFeatures(properties names: PropertyNames = PropertyNames()) throws(TerritoryError) -> [OutputFeature] {
        try wrapped {
            try territories.map { t in OutputFeature(properties: t.outputProperties(names), wkb: try OutputFeature.multiPolygonWKB(t.geometry)) }
        }
    }
}

extension OutputFeature {
    /// A Polygon or MultiPolygon as a little-endian WKB MultiPolygon with oriented rings.
    static func multiPolygonWKB(_ geometry: Geometry) throws -> [UInt8] {
        let parts = geometry.type == .multiPolygon ? try geometry.parts : [geometry]
        var out: [UInt8] = []
        func add(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func add(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        out.append(1); add(UInt32(6)); add(UInt32(parts.count))
        for polygon in parts {
            let rings = try GeoJSONGeometryWriter.orientedRings(of: polygon)
            out.append(1); add(UInt32(3)); add(UInt32(rings.count))
            for ring in rings {
                add(UInt32(ring.count))
                for c in ring { add(c.x); add(c.y) }
            }
        }
        return out
    }
}
