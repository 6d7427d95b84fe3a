import Foundation
import GEOS
import PROJ

/// One feature and its geometry: the members GeoJSON defines, each defect recorded on the
/// feature (not thrown), so that one bad feature never hides the others.
extension GeoJSONReader {
    static func readFeature(_ p: inout JSONParser, index: Int) throws -> FeatureRecord {
        var record = FeatureRecord(featureIndex: index, featureID: nil, properties: [], geometryType: nil, polygons: [], defects: [])
        guard p.peek() == UInt8(ascii: "{") else {
            try p.skipValue()
            record.defects.append(FeatureDefect(.malformedFeature, "the feature is not a JSON object"))
            return record
        }
        var type: String?
        var sawGeometry = false
        var names = MemberNames()
        try p.forEachMember { p, key in
            guard names.insert(key) else {
                record.defects.append(duplicateMember(key, in: "the feature", p))
                try p.skipValue()
                return
            }
            switch key {
            case "type": type = try p.parseValue().stringValue
            case "id": record.featureID = try p.parseValue()
            case "properties":
                let start = p.offset
                let value = try p.parseValue()
                switch value {
                case let .object(members):
                    record.properties = members
                    if let name = firstDuplicate(value) {
                        var at = p
                        at.offset = start
                        record.defects.append(duplicateMember(name, in: "\"properties\"", at))
                    }
                case .null: break
                default: record.defects.append(FeatureDefect(.malformedFeature, "\"properties\" is not an object"))
                }
            case "geometry":
                sawGeometry = true
                try readGeometry(&p, into: &record)
            default: try p.skipValue()
            }
        }
        if type != "Feature" {
            record.defects.append(FeatureDefect(.malformedFeature, "\"type\" is \(type.map { "\"\($0)\"" } ?? "missing"), not \"Feature\""))
        }
        if !sawGeometry || (record.geometryType == nil && record.defects.isEmpty) {
            record.defects.append(FeatureDefect(.emptyGeometry, "the feature has no geometry"))
        }
        return record
    }

    /// The defect for a member name repeated in one object (`p` is at the repeat's value).
    private static func duplicateMember(_ name: String, in object: String, _ p: JSONParser) -> FeatureDefect {
        let at = JSONParser.position(of: p.offset, in: p.bytes)
        return FeatureDefect(
            .malformedFeature, "member \"\(name)\" appears twice in \(object) (\(at)); JSON leaves repeated names undefined, so keep one")
    }

    /// Coordinates as nested in the file, with runs of positions collapsed into flat arrays.
    private indirect enum Nested {
        case position(Double, Double)
        case positions([Double])
        case list([Nested])
    }

    private static func readGeometry(_ p: inout JSONParser, into record: inout FeatureRecord) throws {
        if p.peek() == UInt8(ascii: "n") { try p.skipValue(); return }  // null geometry
        guard p.peek() == UInt8(ascii: "{") else {
            try p.skipValue()
            record.defects.append(FeatureDefect(.malformedFeature, "\"geometry\" is not an object"))
            return
        }
        var type: String?
        var coordinates: Nested?
        var coordinatesMalformed: String?
        var names = MemberNames()
        var duplicate: FeatureDefect?
        try p.forEachMember { p, key in
            guard names.insert(key) else {
                duplicate = duplicate ?? duplicateMember(key, in: "the geometry", p)
                try p.skipValue()
                return
            }
            switch key {
            case "type": type = try p.parseValue().stringValue
            case "coordinates":
                _ = p.peek()
                let start = p.offset, depth = p.depth
                do { coordinates = try readNested(&p) } catch let e as CoordinateShapeError {
                    // Resume after the whole value so the rest of the file is still read.
                    coordinatesMalformed = e.message
                    p.offset = start
                    p.depth = depth
                    try p.skipValue()
                }
            default: try p.skipValue()
            }
        }
        record.geometryType = type
        if let duplicate {
            record.defects.append(duplicate)
            return
        }
        guard let type else {
            record.defects.append(FeatureDefect(.malformedFeature, "the geometry has no \"type\""))
            return
        }
        guard type == "Polygon" || type == "MultiPolygon" else {
            record.defects.append(FeatureDefect(.wrongGeometryType, "geometry type is \(type); a territory must be a Polygon or MultiPolygon"))
            return
        }
        if let coordinatesMalformed {
            record.defects.append(FeatureDefect(.malformedFeature, "\"coordinates\": \(coordinatesMalformed)"))
            return
        }
        guard let coordinates else {
            record.defects.append(FeatureDefect(.malformedFeature, "the \(type) has no \"coordinates\""))
            return
        }
        func rings(_ polygon: Nested) -> [[Double]]? {
            guard case let .list(items) = polygon else { return nil }
            var out: [[Double]] = []
            for ring in items {
                switch ring {
                case let .positions(flat): out.append(flat)
                case let .list(inner) where inner.isEmpty: out.append([])
                default: return nil
                }
            }
            return out
        }
        if type == "Polygon" {
            guard let r = rings(coordinates) else {
                record.defects.append(FeatureDefect(.malformedFeature, "Polygon coordinates must be an array of rings of positions"))
                return
            }
            record.polygons = r.isEmpty ? [] : [r]
        } else {
            guard case let .list(polygons) = coordinates, let all = Optional(polygons.compactMap(rings)), all.count == polygons.count else {
                record.defects.append(FeatureDefect(.malformedFeature, "MultiPolygon coordinates must be an array of polygons"))
                return
            }
            record.polygons = all.filter { !$0.isEmpty }
        }
        if record.polygons.isEmpty {
            record.defects.append(FeatureDefect(.emptyGeometry, "the \(type) is empty"))
        }
    }

    private struct CoordinateShapeError: Error { let message: String }

    /// Reads a coordinates value. Shape errors (a string where a number belongs, a position
    /// with one number) are reported as such; JSON syntax errors propagate.
    private static func readNested(_ p: inout JSONParser) throws -> Nested {
        guard p.peek() == UInt8(ascii: "[") else {
            try p.skipValue()
            throw CoordinateShapeError(message: "expected an array")
        }
        p.offset += 1
        try p.enter()
        defer { p.depth -= 1 }
        guard let first = p.peek() else { throw p.fail("unexpected end of file in coordinates") }
        if first == UInt8(ascii: "]") { p.offset += 1; return .list([]) }
        if first != UInt8(ascii: "[") {
            // A position: two or more numbers (a third ordinate is ignored). Kept in locals: an
            // array per position was an allocation per vertex, most of the cost of loading.
            var x = 0.0, y = 0.0, count = 0
            repeat {
                guard let b = p.peek(), b != UInt8(ascii: "["), b != UInt8(ascii: "{"), b != UInt8(ascii: "\"") else {
                    throw CoordinateShapeError(message: "a position must hold numbers only")
                }
                let value = try p.parseNumber()
                if count == 0 { x = value } else if count == 1 { y = value }
                count += 1
            } while try p.continues(UInt8(ascii: "]"))
            guard count >= 2 else { throw CoordinateShapeError(message: "a position needs at least 2 numbers") }
            return .position(x, y)
        }
        let head = try readNested(&p)
        if case let .position(x, y) = head {
            // A run of positions (a ring or line): collapse straight into a flat array.
            var flat: [Double] = [x, y]
            flat.reserveCapacity(32)
            while try p.continues(UInt8(ascii: "]")) {
                guard case let .position(x, y) = try readNested(&p) else {
                    throw CoordinateShapeError(message: "a ring must hold positions only")
                }
                flat.append(x); flat.append(y)
            }
            return .positions(flat)
        }
        var items = [head]
        while try p.continues(UInt8(ascii: "]")) { items.append(try readNested(&p)) }
        return .list(items)
    }
}
