import Foundation
import XCTest
import GEOS
@testable import TerritoryKit
import TestFixtures

/// The map loader's strategies agree: the parallel loader gives exactly what the streaming reader
/// gives, or declines; large inputs from files, text and bytes go the same way.
final class MapLoaderTests: XCTestCase {
    /// The exact path: the streaming reader on the calling thread (what one core does).
    func streamed(_ data: Data, source: String = "<geojson>") throws -> [InspectedFeature] {
        try data.withUnsafeBytes { raw in
            try MapLoader.inspect(
                raw.bindMemory(to: UInt8.self), source: source, inspector: FeatureInspector(properties: PropertyNames(), checkValidity: true),
                cores: 1)
        }
    }

    func parallel(_ data: Data, threads: Int = 2) -> [InspectedFeature]? {
        data.withUnsafeBytes { raw in
            MapLoader.parallel(
                raw.bindMemory(to: UInt8.self), inspector: FeatureInspector(properties: PropertyNames(), checkValidity: true),
                threads: threads)
        }
    }

    func testSameFeaturesAsTheStreamingReader() throws {
        var checked = 0
        for name in [
            "nc_territories_damaged.geojson", "naturalearth_countries.geojson", "nybb_epsg2263.geojson", "voronoi_1500.geojson",
            "bad/duplicate_ids.geojson", "bad/bowtie.geojson", "bad/point_geometry.geojson", "bad/unclosed_ring.geojson",
        ] {
            let data = try Data(contentsOf: Fixtures.url(name))
            let streamed = try self.streamed(data)
            for threads in [1, 2, 3] {
                let loaded = try XCTUnwrap(parallel(data, threads: threads), name)
                XCTAssertEqual(loaded.map(\.featureIndex), streamed.map(\.featureIndex), name)
                XCTAssertEqual(loaded.map(\.id), streamed.map(\.id), name)
                XCTAssertEqual(loaded.map(\.defects), streamed.map(\.defects), name)
                XCTAssertEqual(loaded.map(\.record.properties), streamed.map(\.record.properties), name)
                for (a, b) in zip(loaded, streamed) {
                    XCTAssertEqual(try a.geometry?.wkt(), try b.geometry?.wkt(), name)
                }
                checked += 1
            }
        }
        XCTAssertEqual(checked, 24)
    }

    func testDeclinesWhatOnlyTheStreamingReaderReportsExactly() throws {
        for text in [
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":1},"geometry":null},]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":1},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,+1],[0,0]]]}}]}"#,
            #"{"type":"FeatureCollection","features":[1]}"#,
            #"{"type":"FeatureCollection","features":[],"features":[]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature"}"#,
            #"{"type":"Feature","features":[{"type":"Feature"}]}"#,
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"s":"a\"]}"}}]}"#,
        ] {
            let result = parallel(Data(text.utf8))
            if text.contains(#"a\"]}"#) {
                // Brackets inside strings do not confuse the scan: this one is fine.
                XCTAssertEqual(result?.count, 1)
            } else {
                XCTAssertNil(result, text)
            }
        }
    }

    /// A file over 1 MB takes the parallel path through the public API: the voronoi cells
    /// written twice over (ids made unique), compared with the streaming reader.
    func testLargeFileThroughThePublicAPI() throws {
        let cells = try TerritoryMap.load(GeoJSONFile(Fixtures.url("voronoi_1500.geojson")))
        var territories = cells.territories
        for t in cells.territories {
            var copy = t
            copy.id += "b"
            copy.geometry = try t.geometry.mappingCoordinates { $0.map { Coordinate(x: $0.x, y: $0.y - 20) } }
            territories.append(copy)
        }
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("large.geojson")
        try TerritoryMap(territories).write(to: file)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
        XCTAssertGreaterThan(size, 1 << 20)
        let loaded = try TerritoryMap.load(GeoJSONFile(file))
        let fromBytes = try TerritoryMap.load(GeoJSONText(Data(contentsOf: file)))
        let streamed = try self.streamed(Data(contentsOf: file))
        XCTAssertEqual(loaded.territories.map(\.id), streamed.map(\.id))
        XCTAssertEqual(fromBytes.territories.map(\.id), streamed.map(\.id))
        XCTAssertEqual(loaded.count, 3000)
        XCTAssertNotNil(parallel(try Data(contentsOf: file)), "large and plain: the parallel path is the one taken")
        // A large file the parallel loader declines (a syntax error near its end) gets the
        // streaming reader's exact error, read from the same mapped bytes.
        var text = try String(contentsOf: file, encoding: .utf8)
        let end = try XCTUnwrap(text.range(of: "]}", options: .backwards))
        text.replaceSubrange(end, with: ",+1]}")
        let broken = dir.appendingPathComponent("broken.geojson")
        try text.write(to: broken, atomically: true, encoding: .utf8)
        let brokenData = try Data(contentsOf: broken)
        func message(_ body: () throws -> Any) -> String? {
            do { _ = try body(); return nil } catch { return "\(error)" }
        }
        XCTAssertThrowsError(try TerritoryMap.load(GeoJSONFile(broken))) { error in
            guard case let .malformedJSON(source, _, message)? = error as? TerritoryError else { return XCTFail("\(error)") }
            XCTAssertEqual(source, broken.path)
            XCTAssertTrue(message.contains("+1"), message)
        }
        // The same error as the streaming reader on one core, and from bytes in memory.
        let fromFile = message { try TerritoryMap.load(GeoJSONFile(broken)) }
        XCTAssertNotNil(fromFile)
        XCTAssertEqual(message { try self.streamed(brokenData, source: broken.path) }, fromFile)
        XCTAssertEqual(message { try TerritoryMap.load(GeoJSONText(brokenData, name: broken.path)) }, fromFile)
    }
}
