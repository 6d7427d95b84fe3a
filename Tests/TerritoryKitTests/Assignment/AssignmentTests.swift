import XCTest
import GEOS
import TerritoryKit
import TestFixtures

final class AssignmentTests: XCTestCase {
    /// The indexed fast path against plain (unprepared) GEOS `covers` and `contains`, point for
    /// point, on real county outlines: every vertex, every edge midpoint, random points.
    func testIndexedLocatorAgreesWithPlainGEOSOnCounties() throws {
        let map = try ncCounties()
        let points = try probePoints(map, random: 3000)
        var onBoundary = 0, inside = 0
        for t in map.territories {
            let locator = try PolygonLocator(t.geometry)
            let box = t.geometry.envelope!
            for p in points where box.contains(x: p.x, y: p.y) {
                let point = try Geometry.point(x: p.x, y: p.y)
                let covers = try t.geometry.covers(point)
                let location = locator.locate(x: p.x, y: p.y)
                XCTAssertEqual(location != .exterior, covers, "county \(t.id) at \(p)")
                if covers {
                    let interior = try t.geometry.relate(point, pattern: "0********")
                    XCTAssertEqual(location == .interior, interior, "county \(t.id) interior at \(p)")
                    if interior { inside += 1 } else { onBoundary += 1 }
                }
            }
        }
        XCTAssertGreaterThan(onBoundary, 2000, "the probe set must include exact boundary points")
        XCTAssertGreaterThan(inside, 1000)
    }

    func testIndexedLocatorAgreesWithGEOSOnCountriesAndCities() throws {
        let countries = try TerritoryMap.load(GeoJSONFile(Fixtures.url("naturalearth_countries.geojson")))
        let cities = try CustomerCSVReader(contentsOf: Fixtures.url("geonames_cities15000.csv")).readAll()
        for t in countries.territories {
            let locator = try PolygonLocator(t.geometry)
            let prepared = try PreparedGeometry(t.geometry)
            for i in 0..<cities.count where t.geometry.envelope!.contains(x: cities.lon[i], y: cities.lat[i]) {
                XCTAssertEqual(
                    locator.covers(x: cities.lon[i], y: cities.lat[i]),
                    try prepared.covers(x: cities.lon[i], y: cities.lat[i]), "\(t.id) city line \(cities.line[i])")
            }
        }
    }

    /// Both engines, one and several threads, give the same assignments; and each assignment is
    /// what plain GEOS covers says, under the documented border rule.
    func testEnginesAndThreadsAgreeWithTheBorderRule() throws {
        let map = try ncTerritories()
        let points = try probePoints(map, random: 4000)
        let lon = points.map(\.x), lat = points.map(\.y)
        let indexed = try TerritoryAssigner(map: map, options: AssignmentOptions(policy: .reportAllOwners))
        let geos = try TerritoryAssigner(map: map, options: AssignmentOptions(policy: .reportAllOwners, engine: .geos))
        let a = try indexed.assign(lon: lon, lat: lat, threads: 1)
        XCTAssertEqual(try indexed.assign(lon: lon, lat: lat, threads: 4), a)
        XCTAssertEqual(try geos.assign(lon: lon, lat: lat, threads: 2), a)
        var statuses: [AssignmentStatus: Int] = [:]
        for (i, p) in points.enumerated() {
            let point = try Geometry.point(x: p.x, y: p.y)
            let owners = try map.territories.indices.filter { try map.territories[$0].geometry.covers(point) }
            XCTAssertEqual(a[i].owners, owners, "owners at \(p)")
            XCTAssertEqual(a[i].territory, owners.first, "owner at \(p)")
            statuses[a[i].status, default: 0] += 1
        }
        XCTAssertGreaterThan(statuses[.borderTie] ?? 0, 500, "shared-border vertices are ties")
        XCTAssertGreaterThan(statuses[.interior] ?? 0, 1000)
        XCTAssertGreaterThan(statuses[.unassigned] ?? 0, 100)
        XCTAssertEqual(statuses[.conflict] ?? 0, 0, "the fixture territories do not overlap")
    }

    func testConflictWhenTerritoriesOverlap() throws {
        let a = try Geometry.rectangle(Envelope(minX: 0, minY: 0, maxX: 2, maxY: 2))
        let b = try Geometry.rectangle(Envelope(minX: 1, minY: 0, maxX: 3, maxY: 2))
        let map = try TerritoryMap([Territory(id: "A", geometry: a), Territory(id: "B", geometry: b)])
        let assigner = try TerritoryAssigner(map: map)
        XCTAssertEqual(assigner.assign(lon: 1.5, lat: 1), Assignment(territory: 0, status: .conflict))
        XCTAssertEqual(assigner.assign(lon: 0.5, lat: 1), Assignment(territory: 0, status: .interior))
        XCTAssertEqual(assigner.assign(lon: 2.5, lat: 1), Assignment(territory: 1, status: .interior))
        XCTAssertEqual(assigner.assign(lon: 2, lat: 1), Assignment(territory: 0, status: .borderTie))  // A's edge, inside B
        XCTAssertEqual(assigner.assign(lon: 3, lat: 1), Assignment(territory: 1, status: .boundary))
        XCTAssertEqual(assigner.assign(lon: 4, lat: 1), Assignment(territory: nil, status: .unassigned))
    }

    func testNearestWithinDistance() throws {
        let map = try ncTerritories()
        // Myrtle Beach, SC is ~ 25 km from the NC border; Columbia, SC ~ 100 km.
        let assigner = try TerritoryAssigner(map: map, options: AssignmentOptions(nearestWithin: 50_000))
        let myrtle = assigner.assign(lon: -78.88669, lat: 33.68906)
        XCTAssertEqual(myrtle.status, .nearest)
        let d = try XCTUnwrap(myrtle.distance)
        XCTAssertGreaterThan(d, 5_000); XCTAssertLessThan(d, 50_000)
        // The distance is the geodesic distance to the owner's boundary: GEOS agrees to ~1%.
        let owner = map.territories[myrtle.territory!].geometry
        let planar = try owner.nearestPoints(to: Geometry.point(x: -78.88669, y: 33.68906)).0
        let viaGEOS = try PROJ_distance(planar, Coordinate(x: -78.88669, y: 33.68906))
        XCTAssertEqual(d, viaGEOS, accuracy: viaGEOS * 0.02)
        XCTAssertEqual(assigner.assign(lon: -81.03481, lat: 34.00071).status, .unassigned)
        XCTAssertThrowsError(try TerritoryAssigner(map: map, options: AssignmentOptions(nearestWithin: -1)))
    }
}

import PROJ
private func PROJ_distance(_ a: Coordinate, _ b: Coordinate) throws -> Double {
    try Geodesic.wgs84.distance(from: a, to: b)
}
