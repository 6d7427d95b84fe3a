import XCTest
import GEOS
import PROJ
import TerritoryKit
import TestFixtures

final class ValidationTests: XCTestCase {
    func testFixtureTerritoriesAndCountiesAreClean() throws {
        for name in ["nc_territories.geojson", "nc_counties_sids2.geojson"] {
            let report = try Validator.validate(contentsOf: Fixtures.url(name))
            XCTAssertTrue(
                report.isValid, "\(name): \(report.invalid) \(report.overlaps.map { ($0.firstID, $0.secondID, $0.area) }) \(report.gaps.map(\.area))")
        }
    }

    /// Natural Earth's countries tile the land with one interior gap: the Caspian Sea
    /// (387,875.469 km² by pyproj in fixtures/reference/naturalearth_gaps.csv, bordered by ids 6,
    /// 19, 107, 108, 146).
    func testCountriesHaveExactlyTheCaspianGap() throws {
        let report = try Validator.validate(contentsOf: Fixtures.url("naturalearth_countries.geojson"))
        XCTAssertEqual(report.territoryCount, 177)
        XCTAssertEqual(report.overlaps.count, 0, "\(report.overlaps.map { ($0.firstID, $0.secondID, $0.area) })")
        XCTAssertEqual(report.gaps.count, 1, "\(report.gaps.map { ($0.area, $0.location) })")
        let caspian = try XCTUnwrap(report.gaps.first)
        let reference = try XCTUnwrap(Fixtures.referenceRows("reference/naturalearth_gaps.csv").first)
        // Both are PROJ's geodesic area of the same ring: they agree to well under a square metre.
        XCTAssertEqual(caspian.area, Double(reference["area_m2"]!)!, accuracy: 1)
        XCTAssertFalse(caspian.isSliver)
        let countries = try TerritoryMap.load(GeoJSONFile(Fixtures.url("naturalearth_countries.geojson")))
        let touching = try countries.territories.filter { try $0.geometry.intersects(caspian.geometry) }.map(\.id).sorted()
        XCTAssertEqual(touching, ["107", "108", "146", "19", "6"])
        XCTAssertTrue(try caspian.geometry.covers(Geometry.point(x: caspian.location.x, y: caspian.location.y)))
    }

    /// A hand-damaged map built from the real counties: Chatham (37037) left out (a gap of
    /// exactly its area), Wake (37183) present twice (an overlap of exactly its area), plus a
    /// bow-tie, an unclosed ring, a duplicate id, a point and an infinite coordinate (1e999 overflows). Every problem is
    /// reported, with ids and areas.
    func testDamagedMapReportsEveryProblem() throws {
        let counties = try ncCounties()
        let areas = try referenceAreas("nc_counties_sids2")
        let base = try TerritoryMap(countiesWithGapAndOverlap()).geoJSON()
        let bad = [
            #"{"type":"Feature","properties":{"id":"bowtie"},"geometry":{"type":"Polygon","coordinates":[[[-70,30],[-69,31],[-69,30],[-70,31],[-70,30]]]}}"#,
            #"{"type":"Feature","properties":{"id":"open"},"geometry":{"type":"Polygon","coordinates":[[[-70,20],[-69,20],[-69,21],[-70,21]]]}}"#,
            #"{"type":"Feature","properties":{"id":"37009"},"geometry":{"type":"Polygon","coordinates":[[[-60,20],[-59,20],[-59,21],[-60,20]]]}}"#,
            #"{"type":"Feature","properties":{"id":"pt"},"geometry":{"type":"Point","coordinates":[-60,20]}}"#,
            #"{"type":"Feature","properties":{"id":"nan"},"geometry":{"type":"Polygon","coordinates":[[[-50,20],[1e999,20],[-49,21],[-50,20]]]}}"#,
        ]
        let text = String(base.dropLast(3)) + "," + bad.joined(separator: ",") + "]}"
        let report = try Validator.validate(geoJSON: text)
        XCTAssertEqual(report.territoryCount, 100 + 5)
        XCTAssertFalse(report.isValid)

        let problems = report.invalid.map { "\($0.id ?? "?"):\($0.defect.kind.rawValue)" }
        XCTAssertEqual(
            problems,
            [
                "bowtie:invalid geometry", "open:unclosed ring", "37009:duplicate id",
                "pt:wrong geometry type", "nan:non-finite coordinate",
            ])
        let bowtie = report.invalid[0]
        XCTAssertEqual(bowtie.defect.message, "Self-intersection")
        XCTAssertEqual(bowtie.defect.location, Coordinate(x: -69.5, y: 30.5))
        XCTAssertEqual(bowtie.featureIndex, 100)

        XCTAssertEqual(report.overlaps.count, 1)
        let overlap = try XCTUnwrap(report.overlaps.first)
        XCTAssertEqual([overlap.firstID, overlap.secondID], ["37183", "wake-copy"])
        XCTAssertEqual(overlap.area, areas["37183"]!, accuracy: areas["37183"]! * 1e-9)
        XCTAssertFalse(overlap.isSliver)

        XCTAssertEqual(report.gaps.count, 1)
        let gap = try XCTUnwrap(report.gaps.first)
        XCTAssertEqual(gap.kind, .hole)
        XCTAssertEqual(gap.area, areas["37037"]!, accuracy: areas["37037"]! * 1e-6)
        let chatham = try XCTUnwrap(counties.territories.first { $0.id == "37037" })
        XCTAssertTrue(try chatham.geometry.covers(Geometry.point(x: gap.location.x, y: gap.location.y)))
    }

    func testSliversAndServiceRegion() throws {
        // Two squares ~1.1 km wide at the equator with a 0.0001° (~11 m) overlap strip, and a
        // region larger than both: the overlap is a sliver; the uncovered region part is not.
        let a = try Geometry.rectangle(Envelope(minX: 0, minY: 0, maxX: 0.01, maxY: 0.01))
        let b = try Geometry.rectangle(Envelope(minX: 0.0099, minY: 0, maxX: 0.02, maxY: 0.01))
        let map = try TerritoryMap([Territory(id: "a", geometry: a), Territory(id: "b", geometry: b)])
        var options = ValidationOptions()
        options.region = try Geometry.rectangle(Envelope(minX: 0, minY: 0, maxX: 0.03, maxY: 0.01))
        let report = try Validator.validate(map, options: options)
        XCTAssertEqual(report.overlaps.count, 1)
        let overlap = report.overlaps[0]
        XCTAssertTrue(overlap.isSliver)
        XCTAssertEqual(overlap.width, 0.0001 * 6_378_137 * .pi / 180, accuracy: 0.2)
        XCTAssertEqual(
            overlap.area, try Geodesic.wgs84.area(Geometry.rectangle(Envelope(minX: 0.0099, minY: 0, maxX: 0.01, maxY: 0.01))), accuracy: 1e-3)
        XCTAssertEqual(report.gaps.map(\.kind), [.uncoveredRegion])
        XCTAssertFalse(report.gaps[0].isSliver)
        XCTAssertEqual(report.gaps[0].location.x, 0.025, accuracy: 0.005)
        options.sliverWidth = 5
        options.sliverArea = 100
        XCTAssertFalse(try Validator.validate(map, options: options).overlaps[0].isSliver)
    }
}

final class SliverWidthTests: XCTestCase {
    /// A 100 km long, ~5 m wide overlap (the kind of digitising sliver fuzzing produced): its width
    /// is measured quickly and correctly, and it is flagged as a sliver.
    func testLongThinSliver() throws {
        let dLat = 5 / 110_574.0  // ~5 m of latitude
        let a = try Geometry.rectangle(Envelope(minX: -79.5, minY: 35, maxX: -78.4, maxY: 35.2))
        let b = try Geometry.rectangle(Envelope(minX: -79.5, minY: 35.2 - dLat, maxX: -78.4, maxY: 35.4))
        let map = try TerritoryMap([Territory(id: "a", geometry: a), Territory(id: "b", geometry: b)])
        let report = try Validator.validate(map)
        XCTAssertEqual(report.overlaps.count, 1)
        XCTAssertEqual(report.overlaps[0].width, 5, accuracy: 0.1)
        XCTAssertTrue(report.overlaps[0].isSliver)
    }
}
