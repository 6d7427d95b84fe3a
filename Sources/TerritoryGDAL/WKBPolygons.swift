/// Polygons read from WKB (as ``VectorFeature/wkb()`` gives them: 2D, linear, ISO), each as
/// rings of flat `[x0, y0, x1, y1, ...]`, exterior ring first; the form ``FeatureRecord`` holds.
enum WKBPolygons {
    /// What a WKB geometry is, for a territory.
    enum Content {
        /// Polygon or MultiPolygon with its polygons (none when empty).
        case polygons(typeName: String, [[[Double]]])
        /// Any other type, with its WKB type number.
        case other(UInt32)
    }

    /// The polygons of a Polygon or MultiPolygon WKB.
    /// - Throws: ``Truncated`` when the bytes end early.
    static func read(_ wkb: [UInt8]) throws -> Content {
        var reader = Reader(bytes: wkb)
        let (type, littleEndian) = try reader.header()
        switch type {
        case 3: return .polygons(typeName: "Polygon", [try reader.polygonBody(littleEndian)].filter { !$0.isEmpty })
        case 6:
            let count = try reader.uint32(littleEndian)
            var polygons: [[[Double]]] = []
            for _ in 0..<count {
                let (partType, partEndian) = try reader.header()
                guard partType == 3 else { return .other(type) }
                let rings = try reader.polygonBody(partEndian)
                if !rings.isEmpty { polygons.append(rings) }
            }
            return .polygons(typeName: "MultiPolygon", polygons)
        default: return .other(type)
        }
    }

    /// The (x, y) of a Point, or of a MultiPoint holding one point; nil for anything else
    /// (another type, an empty point, several points).
    static func point(_ wkb: [UInt8]) -> (Double, Double)? {
        var reader = Reader(bytes: wkb)
        guard let (type, little) = try? reader.header() else { return nil }
        if type == 4 {
            guard (try? reader.uint32(little)) == 1, let (inner, innerLittle) = try? reader.header(), inner == 1,
                let x = try? reader.double(innerLittle), let y = try? reader.double(innerLittle)
            else { return nil }
            return x.isNaN && y.isNaN ? nil : (x, y)
        }
        guard type == 1, let x = try? reader.double(little), let y = try? reader.double(little) else { return nil }
        return x.isNaN && y.isNaN ? nil : (x, y)  // ISO WKB writes an empty point as NaN, NaN
    }

    /// The bytes ended before the geometry did.
    struct Truncated: Error {}

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func header() throws -> (UInt32, Bool) {
            guard offset < bytes.count else { throw Truncated() }
            let little = bytes[offset] == 1
            offset += 1
            return (try uint32(little) % 1000, little)
        }

        mutating func uint32(_ little: Bool) throws -> UInt32 {
            guard offset + 4 <= bytes.count else { throw Truncated() }
            var v: UInt32 = 0
            for k in 0..<4 { v |= UInt32(bytes[offset + k]) << (8 * (little ? k : 3 - k)) }
            offset += 4
            return v
        }

        mutating func double(_ little: Bool) throws -> Double {
            guard offset + 8 <= bytes.count else { throw Truncated() }
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(bytes[offset + k]) << (8 * (little ? k : 7 - k)) }
            offset += 8
            return Double(bitPattern: v)
        }

        mutating func polygonBody(_ little: Bool) throws -> [[Double]] {
            let ringCount = try uint32(little)
            var rings: [[Double]] = []
            for _ in 0..<ringCount {
                let n = Int(try uint32(little))
                guard offset + 16 * n <= bytes.count else { throw Truncated() }
                var ring = [Double]()
                ring.reserveCapacity(2 * n)
                for _ in 0..<(2 * n) { ring.append(try double(little)) }
                rings.append(ring)
            }
            return rings
        }
    }
}
