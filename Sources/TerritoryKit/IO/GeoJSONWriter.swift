import Foundation
import GEOS

extension TerritoryMap {
    /// The map as an RFC 7946 FeatureCollection: every territory with all its properties, the
    /// id property set to the territory's id, exterior rings counter-clockwise and holes
    /// clockwise, coordinates in shortest round-trip form (nothing lost).
    public func geoJSON(properties names: PropertyNames = PropertyNames()) throws(TerritoryError) -> String {
        try wrapped {
            var out = "{\"type\":\"FeatureCollection\",\"features\":["
            for (i, t) in territories.enumerated() {
                if i > 0 { out += ",\n" }
                out += "{\"type\":\"Feature\",\"properties\":"
                JSONWriter.write(.object(t.outputProperties(names)), to: &out)
                out += ",\"geometry\":"
                try GeoJSONGeometryWriter.write(t.geometry, to: &out)
                out += "}"
            }
            out += "]}\n"
            return out
        }
    }

    /// Writes ``geoJSON(properties:)`` to `url` atomically (no partial file on failure).
    public func write(to url: URL, properties: PropertyNames = PropertyNames()) throws(TerritoryError) {
        try wrapped {
            try AtomicOutputFile.write(geoJSON(properties: properties), to: url)
        }
    }
}

/// Writes polygonal geometries as GeoJSON with RFC 7946 ring orientation.
enum GeoJSONGeometryWriter {
    static func write(_ geometry: Geometry, to out: inout String) throws {
        try wrapped {
            switch geometry.type {
            case .polygon:
                out += "{\"type\":\"Polygon\",\"coordinates\":"
                try writePolygon(geometry, to: &out)
                out += "}"
            case .multiPolygon:
                out += "{\"type\":\"MultiPolygon\",\"coordinates\":["
                for (i, part) in try geometry.parts.enumerated() {
                    if i > 0 { out += "," }
                    try writePolygon(part, to: &out)
                }
                out += "]}"
            default:
                out += try geometry.geoJSON()
            }
        }
    }

    private static func writePolygon(_ polygon: Geometry, to out: inout String) throws {
        out += "["
        for (r, ring) in try orientedRings(of: polygon).enumerated() {
            if r > 0 { out += "," }
            out += "["
            for (i, c) in ring.enumerated() {
                if i > 0 { out += "," }
                out += "[" + NumberText.shortest(c.x) + "," + NumberText.shortest(c.y) + "]"
            }
            out += "]"
        }
        out += "]"
    }

    /// A polygon's rings as every output writes them (RFC 7946): the exterior counter-clockwise,
    /// the holes clockwise; none for an empty polygon.
    static func orientedRings(of polygon: Geometry) throws -> [[Coordinate]] {
        guard !polygon.isEmpty else { return [] }
        func oriented(_ ring: [Coordinate], counterClockwise: Bool) -> [Coordinate] {
            let twiceArea = ring.count < 2 ? 0 : ring.withUnsafeBufferPointer { RingArea.twiceSigned($0) }
            return (twiceArea > 0) == counterClockwise ? ring : ring.reversed()
        }
        return try [oriented(polygon.exteriorRing().coordinates(), counterClockwise: true)]
            + polygon.interiorRings().map { oriented(try $0.coordinates(), counterClockwise: false) }
    }
}

extension Territory {
    /// The properties every output writes for this territory: all of them, the id property
    /// (`names.id`) set to the territory's id (first, when the territory had none).
    func outputProperties(_ names: PropertyNames) -> [JSONMember] {
        var props = properties
        let value: JSONValue = Double(id).map { _ in .number(id) } ?? .string(id)
        if let k = props.firstIndex(where: { $0.key == names.id }) {
            if props[k].value.identifierText != id { props[k].value = value }
        } else {
            props.insert(JSONMember(names.id, value), at: 0)
        }
        return props
    }
}
