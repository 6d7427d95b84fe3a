import XCTest
import TerritoryKit
import TestFixtures

final class AssignmentPipelineTests: XCTestCase {
    /// The streaming pipeline on several threads, in small chunks, gives every customer the same
    /// territory, in the same order, as the plain one-point-at-a-time assigner.
    func testPipelineMatchesSerialAssignmentInOrder() throws {
        let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("naturalearth_countries.geojson")))
        let assigner = try TerritoryAssigner(map: map)
        let all = try CustomerCSVReader(contentsOf: Fixtures.url("geonames_cities15000.csv")).readAll()
        let expected = (0..<all.count).map { assigner.assign(lon: all.lon[$0], lat: all.lat[$0]).territory }
        for threads in [1, 3, 8] {
            let reader = try CustomerCSVReader(contentsOf: Fixtures.url("geonames_cities15000.csv"))
            reader.chunkBytes = 16 * 1024
            var ids: [String] = [], owners: [Int?] = []
            try AssignmentPipeline(assigner: assigner, threads: threads).run(
                reader,
                work: { batch, assignments, _ in
                    ((0..<batch.count).map { batch.id($0) }, assignments.map(\.territory))
                },
                consume: { chunkIDs, chunkOwners in
                    ids += chunkIDs
                    owners += chunkOwners
                })
            XCTAssertEqual(owners, expected, "\(threads) threads")
            XCTAssertEqual(ids, (0..<all.count).map { all.id($0) })
        }
        XCTAssertGreaterThan(expected.compactMap { $0 }.count, 30_000)
    }

    /// With a deferred assigner, map errors are reported as such, and results are unchanged.
    func testDeferredAssigner() throws {
        let reader = try CustomerCSVReader(contentsOf: Fixtures.url("nc_customers.csv"))
        XCTAssertThrowsError(
            try AssignmentPipeline(threads: 2) {
                try TerritoryAssigner(map: TerritoryMap.load(GeoJSONFile(Fixtures.url("bad/bowtie.geojson"))))
            }.run(reader, work: { b, _, _ in b.count }, consume: { _ in })
        ) { error in
            guard case .badFeature = error as? TerritoryError else { return XCTFail("\(error)") }
        }
        var owners: [Int?] = []
        try AssignmentPipeline(threads: 3) { try TerritoryAssigner(map: ncTerritories()) }
            .run(
                try CustomerCSVReader(contentsOf: Fixtures.url("nc_customers.csv")),
                work: { _, assignments, _ in assignments.map(\.territory) }, consume: { owners += $0 })
        let all = try CustomerCSVReader(contentsOf: Fixtures.url("nc_customers.csv")).readAll()
        let assigner = try TerritoryAssigner(map: ncTerritories())
        XCTAssertEqual(owners, (0..<all.count).map { assigner.assign(lon: all.lon[$0], lat: all.lat[$0]).territory })
    }

    /// A bad row deep in the file is reported with its absolute line, whichever worker met it.
    func testErrorsCarryAbsoluteLinesAcrossChunks() throws {
        var text = "id,lon,lat\n"
        for i in 0..<50_000 { text += "\(i),\(Double(i % 360) - 180),\(Double(i % 180) - 90)\n" }
        text += "bad,1,nope\n"
        for i in 0..<1_000 { text += "\(i),0,0\n" }
        let dir = try Fixtures.temporaryDirectory()
        let file = dir.appendingPathComponent("c.csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let map = try ncTerritories()
        for threads in [1, 4] {
            let reader = try CustomerCSVReader(contentsOf: file)
            reader.chunkBytes = 8 * 1024
            XCTAssertThrowsError(try BalanceTally.tally(reader, assigner: TerritoryAssigner(map: map), threads: threads)) { error in
                guard case let .csv(_, line, message) = error as? TerritoryError else { return XCTFail("\(error)") }
                XCTAssertEqual(line, 50_002, message)
            }
        }
    }
}
