import Foundation
import GEOS
import PROJ

/// Reads GeoJSON FeatureCollections of Polygon / MultiPolygon features.
enum GeoJSONReader {
    /// A file's bytes, memory-mapped so that a large file is paged in rather than copied.
    static func readFile(_ url: URL) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw TerritoryError.unreadableFile(path: url.path, reason: "no such file")
        }
        if isDirectory.boolValue { throw TerritoryError.unreadableFile(path: url.path, reason: "is a directory") }
        // An empty regular file is empty data: Foundation's mapped read of one leaks a 4 KB
        // buffer (LeakSanitizer found it with JSONTestSuite's empty text).
        // (Only regular files: a pipe, as from `<(...)`, also reports size 0.)
        if let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            attributes[.type] as? FileAttributeType == .typeRegular, attributes[.size] as? Int == 0,
            FileManager.default.isReadableFile(atPath: url.path)
        {
            return Data()
        }
        do {
            if let mapped = try? Data(contentsOf: url, options: .alwaysMapped) { return mapped }
            // Pipes and other streams cannot be mapped: read them through.
            return try FileHandle(forReadingFrom: url).readToEnd() ?? Data()
        } catch {
            let reason = FileManager.default.isReadableFile(atPath: url.path) ? "\(error.localizedDescription)" : "permission denied"
            throw TerritoryError.unreadableFile(path: url.path, reason: reason)
        }
    }

    /// Reads GeoJSON text. `source` names it in errors. Each feature is handed to `feature` as
    /// soon as it is read, so its coordinates can become a geometry and be dropped: memory holds
    /// one feature's coordinate arrays at a time, not the whole file's.
    ///
    /// Members may come in any order, as JSON allows. A legacy `crs` member placed after
    /// `features` (as dictionary-based writers do) is only known once the features were handed
    /// on: when it names a CRS other than WGS 84, `startOver` is called and the features are read
    /// again with it. The text is memory-mapped, so the second pass costs time, not memory.
    /// Duplicate member names, which RFC 8259 leaves undefined, are refused wherever the reader
    /// would have to pick one of the values (collection, feature, geometry, properties, crs).
    static func read(
        _ bytes: UnsafeBufferPointer<UInt8>, source: String, startOver: () -> Void = {},
        feature: (FeatureRecord, FeatureCollectionHeader) throws -> Void
    ) throws {
        let header = try readOnce(bytes, source: source, assumedCRS: nil, feature: feature)
        if let late = header.lateCRSName {
            startOver()
            _ = try readOnce(bytes, source: source, assumedCRS: late, feature: feature)
        }
    }

    /// Names of WGS 84 longitude/latitude that need no transformation.
    static func isWGS84(_ crsName: String?) -> Bool {
        guard let crsName else { return true }
        return [
            "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4326", "urn:ogc:def:crs:EPSG::4326",
            "urn:ogc:def:crs:EPSG:4326", "CRS84", "OGC:CRS84",
        ].contains(crsName)
    }

    /// One pass over the text. Returns the header; its `lateCRSName` is set when a `crs` member
    /// after the features named a CRS other than the one the features were read with.
    private static func readOnce(
        _ bytes: UnsafeBufferPointer<UInt8>, source: String, assumedCRS: String?,
        feature: (FeatureRecord, FeatureCollectionHeader) throws -> Void
    ) throws -> FeatureCollectionHeader {
        try collection(bytes, source: source, assumedCRS: assumedCRS, featuresReadLater: false) { p, header in
            var count = 0
            try p.forEachElement { p in
                var record = try readFeature(&p, index: count)
                record.endOffset = p.offset
                try feature(record, header)
                count += 1
            }
            return count
        }
    }

    /// The members of a plain FeatureCollection other than its features (parsed), and the byte
    /// range of each element of its `features` array (found by a structural scan: brackets and
    /// strings only), for the parallel loader (``MapLoader``). Nil for anything else, including
    /// any syntax error or repeated member: the streaming reader then gives the exact report.
    static func layout(_ bytes: UnsafeBufferPointer<UInt8>) -> (header: FeatureCollectionHeader, features: [Range<Int>])? {
        struct NotPlain: Error {}
        var features: [Range<Int>] = []
        let header = try? collection(bytes, source: "", assumedCRS: nil, featuresReadLater: true) { p, _ in
            guard let (ranges, end) = elementRanges(p.bytes, from: p.offset) else { throw NotPlain() }
            features = ranges
            p.offset = end
            return ranges.count
        }
        return header.map { ($0, features) }
    }

    /// The one parser of a FeatureCollection's top-level object, for both ways of reading its
    /// features: the rules on `type`, `features` and `crs` (members in any order, none
    /// repeated, a legacy `crs` before or after the features) live here only. `features` reads
    /// the array at the parser's offset, given the header so far, and returns how many elements
    /// it had. When the features are read later (`featuresReadLater`, the parallel loader), a
    /// `crs` member anywhere applies to them all; when they are read as they come, one after them
    /// that names another CRS is returned as `lateCRSName` for a second pass.
    private static func collection(
        _ bytes: UnsafeBufferPointer<UInt8>, source: String, assumedCRS: String?, featuresReadLater: Bool,
        features: (inout JSONParser, FeatureCollectionHeader) throws -> Int
    ) throws -> FeatureCollectionHeader {
        var parser = JSONParser(bytes)
        var header = FeatureCollectionHeader(crsName: assumedCRS)
        var type: String?
        var sawFeatures = false
        var count = 0
        var names = MemberNames()
        do {
            // An empty text is not JSON at all (RFC 8259 needs a value).
            guard parser.peek() != nil else { throw parser.fail("the file is empty; expected a GeoJSON FeatureCollection object") }
            guard parser.peek() == UInt8(ascii: "{") else {
                _ = try parser.parseValue()  // a syntax error is reported as such
                try parser.expectEnd()
                throw TerritoryError.notAFeatureCollection(source: source, message: "the top level is not a JSON object")
            }
            try parser.forEachMember { p, key in
                guard names.insert(key) else {
                    let at = JSONParser.position(of: p.offset, in: bytes)
                    throw TerritoryError.notAFeatureCollection(source: source, message: "member \"\(key)\" appears twice (\(at)); keep one")
                }
                switch key {
                case "type":
                    guard case let .string(t) = try p.parseValue() else {
                        throw TerritoryError.notAFeatureCollection(source: source, message: "\"type\" is not a string")
                    }
                    type = t
                case "features":
                    sawFeatures = true
                    guard p.peek() == UInt8(ascii: "[") else {
                        throw TerritoryError.notAFeatureCollection(source: source, message: "\"features\" is not an array")
                    }
                    count = try features(&p, header)
                case "crs":
                    let crsStart = p.offset
                    let crs = try p.parseValue()
                    if let key = firstDuplicate(crs) ?? crs["properties"].flatMap(firstDuplicate) {
                        let at = JSONParser.position(of: crsStart, in: bytes)
                        throw TerritoryError.notAFeatureCollection(source: source, message: "\"crs\" (\(at)) has member \"\(key)\" twice; keep one")
                    }
                    let name = crs["properties"]?["name"]?.stringValue
                    if featuresReadLater || !sawFeatures || assumedCRS != nil {
                        header.crsName = name
                    } else if !isWGS84(name) {
                        header.lateCRSName = name  // the features were read as lon/lat: read them again
                    }
                default:
                    try p.skipValue()
                }
            }
            try parser.expectEnd()
        } catch let error as JSONSyntaxError {
            throw TerritoryError.malformedJSON(
                source: source, position: JSONParser.position(of: error.offset, in: bytes),
                message: error.message)
        }
        guard let type else { throw TerritoryError.notAFeatureCollection(source: source, message: "no \"type\" member") }
        guard type == "FeatureCollection" else {
            throw TerritoryError.notAFeatureCollection(source: source, message: "\"type\" is \"\(type)\"")
        }
        guard sawFeatures else { throw TerritoryError.notAFeatureCollection(source: source, message: "no \"features\" array") }
        guard count > 0 else { throw TerritoryError.notAFeatureCollection(source: source, message: "the collection has no features") }
        return header
    }

    /// The byte ranges of the elements of the array opening at `start`, each from its first
    /// byte to the `,` or `]` after it (so trailing spaces belong to it), and the offset after
    /// the closing `]`. Only objects are accepted as elements. Nil when the bytes end first.
    static func elementRanges(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> ([Range<Int>], Int)? {
        var ranges: [Range<Int>] = []
        var i = start + 1, depth = 0
        var elementStart: Int?
        while i < b.count {
            let c = b[i]
            switch c {
            case UInt8(ascii: "\""):
                i += 1
                while i < b.count, b[i] != UInt8(ascii: "\"") { i += b[i] == UInt8(ascii: "\\") ? 2 : 1 }
                guard i < b.count else { return nil }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == 0 {
                    guard c == UInt8(ascii: "{"), elementStart == nil else { return nil }
                    elementStart = i
                }
                depth += 1
                if depth > JSONParser.maxDepth { return nil }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 {
                    guard c == UInt8(ascii: "]") else { return nil }
                    if let s = elementStart { ranges.append(s..<i) } else if !ranges.isEmpty { return nil }  // [..., ]
                    return (ranges, i + 1)
                }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 0 {
                    guard let s = elementStart else { return nil }
                    ranges.append(s..<i)
                    elementStart = nil
                }
            case 0x20, 0x0A, 0x0D, 0x09: break
            default:
                if depth == 0 { return nil }  // a bare value in the array: not a feature
            }
            i += 1
        }
        return nil
    }

    /// The first member name that an object value repeats, if any.
    static func firstDuplicate(_ value: JSONValue) -> String? {
        guard case let .object(members) = value, members.count > 1 else { return nil }
        var names = MemberNames()
        return members.first { !names.insert($0.key) }?.key
    }
}
