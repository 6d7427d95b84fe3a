import Foundation
import XCTest
import TerritoryKit
import TestFixtures

final class AssignmentRowsTests: XCTestCase {
    /// The rows a plain loop over ``TerritoryAssigner/assign(lon:lat:)`` gives, formatted by hand:
    /// the exact path the streamed writer is held to.
    private func expectedRows(_ customers: CustomerBatch, _ assigner: TerritoryAssigner, withDistance: Bool) -> String {
        func field(_ s: String) -> String {
            s.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var text = AssignmentRows.header(withDistance: withDistance)
        for i in 0..<customers.count {
            let a = assigner.assign(lon: customers.lon[i], lat: customers.lat[i])
            text += field(customers.id(i)) + "," + (assigner.territoryID(of: a).map(field) ?? "")
            if withDistance { text += "," + (a.distance.map { String(format: "%.1f", $0) } ?? "") }
            text += "\n"
        }
        return text
    }

    private func streamedRows(
        _ url: URL, threads: Int, withDistance: Bool, chunkBytes: Int, makeAssigner: @escaping @Sendable () throws -> TerritoryAssigner
    ) throws -> (String, AssignmentSummary) {
        let reader = try CustomerCSVReader(contentsOf: url)
        reader.chunkBytes = chunkBytes
        var bytes = Array(AssignmentRows.header(withDistance: withDistance).utf8)
        var summary = AssignmentSummary(), rows = 0
        try AssignmentPipeline(threads: threads, makeAssigner: makeAssigner).writeRows(reader, withDistance: withDistance) {
            bytes += $0.bytes
            summary.add($0.summary)
            rows += $0.count
        }
        XCTAssertEqual(rows, summary.assigned + summary.unassigned)
        return (String(decoding: bytes, as: UTF8.self), summary)
    }

    /// Streamed rows equal the plain loop's, byte for byte, on 33,000 world cities over the
    /// countries, on 1 and 3 threads in small chunks; a map that takes a while to load has the
    /// first chunks parsed into batches and written from them, the rest written as parsed, and
    /// both give the same bytes.
    func testStreamedRowsEqualThePlainAssigner() throws {
        let url = Fixtures.url("geonames_cities15000.csv")
        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("naturalearth_countries.geojson")))
        let assigner = try TerritoryAssigner(map: map)
        let all = try CustomerCSVReader(contentsOf: url).readAll()
        let expected = expectedRows(all, assigner, withDistance: false)
        var expectedSummary = AssignmentSummary()
        for i in 0..<all.count { expectedSummary.add(assigner.assign(lon: all.lon[i], lat: all.lat[i])) }
        for threads in [1, 3] {
            let (ready, summary) = try streamedRows(url, threads: threads, withDistance: false, chunkBytes: 16 * 1024) { assigner }
            XCTAssertEqual(ready, expected, "\(threads) threads")
            XCTAssertEqual(summary, expectedSummary)
            let (slow, _) = try streamedRows(url, threads: threads, withDistance: false, chunkBytes: 16 * 1024) {
                Thread.sleep(forTimeInterval: 0.2)
                return assigner
            }
            XCTAssertEqual(slow, expected, "\(threads) threads, map loaded late")
        }
        XCTAssertGreaterThan(expectedSummary.assigned, 20_000)
        XCTAssertGreaterThan(expectedSummary.unassigned, 500)

        // Countries named by their names: ids of up to 24 bytes, in slots of several words.
        let named = try TerritoryAssigner(
            map: TerritoryMap.load(GeoJSONFile(Fixtures.url("naturalearth_countries.geojson")), properties: PropertyNames(id: "name")))
        XCTAssertGreaterThan(named.map.territories.map(\.id.utf8.count).max() ?? 0, 16)
        let (rows, _) = try streamedRows(url, threads: 2, withDistance: false, chunkBytes: 1 << 16) { named }
        XCTAssertEqual(rows, expectedRows(all, named, withDistance: false))
    }

    /// With a nearest fallback the rows carry distances (as the plain loop formats them), and the
    /// GEOS engine writes the same rows as the indexed one.
    func testDistancesAndTheGEOSEngine() throws {
        let url = Fixtures.url("nc_customers.csv")
        let map = try ncTerritories()
        let all = try CustomerCSVReader(contentsOf: url).readAll()
        let nearest = try TerritoryAssigner(map: map, options: AssignmentOptions(nearestWithin: 20_000))
        let expected = expectedRows(all, nearest, withDistance: true)
        XCTAssertTrue(expected.contains(where: { $0 == "." }), "some customers placed by distance")
        for engine in [AssignmentEngine.indexed, .geos] {
            let assigner = try TerritoryAssigner(map: map, options: AssignmentOptions(nearestWithin: 20_000, engine: engine))
            let (rows, summary) = try streamedRows(url, threads: 2, withDistance: true, chunkBytes: 4096) { assigner }
            XCTAssertEqual(rows, expected, "\(engine)")
            XCTAssertGreaterThan(summary.nearest, 0)
        }
    }

    /// Ids holding commas, quotes or line breaks come out quoted, whichever path read them.
    func testQuotedIDs() throws {
        // Quoted records among runs of plain ones (which the writer holds back in batches).
        var text = "id,lon,lat\n\"a,b\",-78.64,35.78\n\"say \"\"hi\"\"\",-80.84,35.23\nplain,-79.0,35.5\n\"two\nlines\",0,0\n"
        for i in 0..<300 { text += i % 37 == 0 ? "\"q\(i)\",-79.\(i),35.6\n" : "p\(i),-\(76 + i % 8).5,35.\(i % 10)\n" }
        let dir = try Fixtures.temporaryDirectory()
        let url = dir.appendingPathComponent("quoted.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        // Territory ids needing quotes too.
        var territories = try ncTerritories().territories
        for t in territories.indices { territories[t].id = "t\"\(t)\", north,\nside" }
        let assigner = try TerritoryAssigner(map: TerritoryMap(unchecked: territories))
        let (rows, _) = try streamedRows(url, threads: 1, withDistance: false, chunkBytes: 1 << 16) { assigner }
        XCTAssertTrue(rows.contains(",\"t\"\""), rows)
        XCTAssertEqual(rows, expectedRows(try CustomerCSVReader(contentsOf: url).readAll(), assigner, withDistance: false))
        XCTAssertTrue(rows.contains("\"a,b\","))
        XCTAssertTrue(rows.contains("\"say \"\"hi\"\"\","))
        XCTAssertTrue(rows.contains("\"two\nlines\",\n"))
    }

    /// A bad row is reported with its line, and nothing after it is handed over.
    func testBadRowStopsTheRows() throws {
        var text = "id,lon,lat\n"
        for i in 0..<20_000 { text += "\(i),-79.\(i % 1000),35.5\n" }
        text += "bad,-79.0,north\n"
        let dir = try Fixtures.temporaryDirectory()
        let url = dir.appendingPathComponent("bad.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let assigner = try TerritoryAssigner(map: ncTerritories())
        XCTAssertThrowsError(try streamedRows(url, threads: 2, withDistance: false, chunkBytes: 8192) { assigner }) { error in
            guard case let .csv(_, line, message) = error as? TerritoryError else { return XCTFail("\(error)") }
            XCTAssertEqual(line, 20_002)
            XCTAssertTrue(message.contains("north"), message)
        }
    }
}
