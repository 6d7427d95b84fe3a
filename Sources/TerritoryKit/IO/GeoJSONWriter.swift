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
                var props = t.properties
                let id: JSONValue = Double(t.id).map { _ in .number(t.id) } ?? .string(t.id)
                if let k = props.firstIndex(where: { $0.key == names.id }) {
                    if props[k].value.identifierText != t.id { props[k].value = id }
                } else {
                    props.insert(JSONMember(names.id, id), at: 0)
                }
                out += "{\"type\":\"Feature\",\"properties\":"
                JSONWriter.write(.object(props), to: &out)
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
        if !polygon.isEmpty {
            try writeRing(polygon.exteriorRing().coordinates(), counterClockwise: true, to: &out)
            for hole in try polygon.interiorRings() {
                out += ","
                try writeRing(hole.coordinates(), counterClockwise: false, to: &out)
            }
        }
        out += "]"
    }

    private static func writeRing(_ ring: [Coordinate], counterClockwise: Bool, to out: inout String) {
        var twiceArea = 0.0
        for i in ring.indices.dropFirst() {
            twiceArea += (ring[i - 1].x * ring[i].y) - (ring[i].x * ring[i - 1].y)
        }
        let ordered = (twiceArea > 0) == counterClockwise ? ring : ring.reversed()
        out += "["
        for (i, c) in ordered.enumerated() {
            if i > 0 { out += "," }
            out += "[" + NumberText.shortest(c.x) + "," + NumberText.shortest(c.y) + "]"
        }
        out += "]"
    }
}
