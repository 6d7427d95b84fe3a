// Only TerritoryKit is imported here (and XCTest and the fixtures): the GEOS and PROJ types its
// API uses must come with it.
import XCTest
import TerritoryKit
import TestFixtures

final class SingleImportTests: XCTestCase {
    func testGeometryAndGeodesicComeWithTerritoryKit() throws {
        let square: Geometry = try Geometry.rectangle(Envelope(minX: -79, minY: 35, maxX: -78, maxY: 36))
        let map = try TerritoryMap([Territory(id: "A", geometry: square)])
        let centre: Coordinate = try XCTUnwrap(map.territories[0].geometry.centroid().pointCoordinate)
        XCTAssertEqual(centre.x, -78.5, accuracy: 1e-9)
        XCTAssertGreaterThan(try Geodesic.wgs84.area(square), 1e10)
        let projected = try CoordinateTransformer(from: "EPSG:4326", to: "EPSG:3857").transform(centre)
        XCTAssertLessThan(projected.x, 0)
    }
}

/// Maps built in code are held to the rules a file is.
final class InCodeStrictnessTests: XCTestCase {
    func testBowTieAndOutOfRangeTerritoriesAreRefused() throws {
        let bowTie = try Geometry(wkt: "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))")
        XCTAssertThrowsError(try TerritoryMap([Territory(id: "b", geometry: bowTie)])) { error in
            guard case let .badFeature(source, index, id, defect)? = error as? TerritoryError else { return XCTFail("\(error)") }
            XCTAssertEqual(source, "<map>"); XCTAssertEqual(index, 0); XCTAssertEqual(id, "b")
            XCTAssertEqual(defect.kind, .invalidGeometry)
        }
        let east = try Geometry.rectangle(Envelope(minX: 199, minY: 0, maxX: 200, maxY: 1))
        XCTAssertThrowsError(
            try TerritoryMap([
                Territory(id: "ok", geometry: Geometry.rectangle(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1))),
                Territory(id: "east", geometry: east),
            ])
        ) { error in
            guard case let .badFeature(_, index, _, defect)? = error as? TerritoryError else { return XCTFail("\(error)") }
            XCTAssertEqual(index, 1)
            XCTAssertEqual(defect.kind, .coordinateOutOfRange)
        }
        XCTAssertThrowsError(try TerritoryMap([Territory(id: "p", geometry: Geometry.point(x: 0, y: 0))]))
        XCTAssertThrowsError(try TerritoryMap([Territory(id: "e", geometry: Geometry.empty(.polygon))]))
        // Measuring the bow-tie is refused too, with GEOS's reason (it used to return 0).
        XCTAssertThrowsError(try Geodesic.wgs84.area(bowTie)) { error in
            XCTAssertTrue("\(error)".contains("Self-intersection"), "\(error)")
        }
        let square = try Geometry.rectangle(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1))
        XCTAssertGreaterThan(try Geodesic.wgs84.area(square), 1.2e10)
    }
}

/// Buffers in metres for lon/lat data.
final class MetricBufferTests: XCTestCase {
    func testBufferInMetres() throws {
        let raleigh = try Geometry.point(x: -78.64, y: 35.78)
        let disc = try raleigh.buffered(metres: 25_000, quadrantSegments: 32)
        // A 25 km disc: its geodesic area is π·25 km² to within the projection's small error.
        XCTAssertEqual(try Geodesic.wgs84.area(disc), Double.pi * 25_000 * 25_000, accuracy: 0.005 * Double.pi * 25_000 * 25_000)
        // Every vertex is 25 km from the centre on the ellipsoid.
        for c in try disc.exteriorRing().coordinates() {
            XCTAssertEqual(try Geodesic.wgs84.distance(from: Coordinate(x: -78.64, y: 35.78), to: c), 25_000, accuracy: 50)
        }
        // The inverse of an operation string runs it backwards.
        let local = try CoordinateTransformer.localEqualArea(center: Coordinate(x: -78, y: 35))
        let there = try local.transform(Coordinate(x: -78.64, y: 35.78))
        let back = try local.inverse.transform(there)
        // (PROJ's ellipsoidal laea inverts the authalic latitude by a series: ~1 mm, 1e-8°.)
        XCTAssertEqual(back.x, -78.64, accuracy: 1e-7); XCTAssertEqual(back.y, 35.78, accuracy: 1e-7)
        // A county grows by about its perimeter × distance.
        let county = try TerritoryMap.load(contentsOf: Fixtures.url("nc_counties_sids2.geojson")).territories[0].geometry
        let m = try Geodesic.wgs84.measure(county)
        let grown = try Geodesic.wgs84.area(county.buffered(metres: 1_000))
        XCTAssertEqual(grown - m.area, m.perimeter * 1_000, accuracy: 0.05 * m.perimeter * 1_000)
    }
}

/// The conveniences a downstream user asked for, against the exact paths they stand for.
final class ConvenienceTests: XCTestCase {
    func testTallyWithoutPerPointResultsMatchesAssigningEachPoint() throws {
        let map = try TerritoryMap.load(contentsOf: Fixtures.url("nc_counties_sids2.geojson"))
        let assigner = try TerritoryAssigner(map: map)
        let cities = try CustomerCSVReader(contentsOf: Fixtures.url("geonames_cities15000.csv")).readAll()
        // The exact path: one assignment per point, tallied.
        var exact = BalanceTally(territoryCount: map.count)
        try exact.add(try assigner.assign(cities), weights: cities.weight)
        for threads in [1, 2, 3] {
            let fast = try BalanceTally.tally(lon: cities.lon, lat: cities.lat, weights: cities.weight, assigner: assigner, threads: threads)
            XCTAssertEqual(fast.customers, exact.customers, "\(threads) threads")
            XCTAssertEqual(fast.total, exact.total)
            XCTAssertEqual(fast.unassigned, exact.unassigned)
            for t in 0..<map.count { XCTAssertEqual(fast.weight[t], exact.weight[t], accuracy: 1e-6 * max(1, exact.weight[t])) }
        }
        XCTAssertGreaterThan(exact.total - exact.unassigned, 50, "the fixture puts cities in the counties")
        // Without weights: a count.
        let counted = try BalanceTally.tally(lon: cities.lon, lat: cities.lat, assigner: assigner, threads: 2)
        XCTAssertEqual(counted.weight, counted.customers.map(Double.init))
        var added = BalanceTally(territoryCount: map.count)
        try added.add(try assigner.assign(cities))
        XCTAssertEqual(added.weight, counted.weight)
        XCTAssertThrowsError(try BalanceTally.tally(lon: [0, 1], lat: [0], assigner: assigner))
        XCTAssertThrowsError(try BalanceTally.tally(lon: [0], lat: [0], weights: [1, 2], assigner: assigner))
    }

    func testTerritoriesBuiltInCodeGetTheirOwnIndexAndAssignmentsTheirID() throws {
        let a = try Geometry.rectangle(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1))
        let b = try Geometry.rectangle(Envelope(minX: 1, minY: 0, maxX: 2, maxY: 1))
        let map = try TerritoryMap([Territory(id: "west", geometry: a), Territory(id: "east", geometry: b)])
        XCTAssertEqual(map.territories.map(\.featureIndex), [0, 1])
        let kept = try TerritoryMap([Territory(id: "x", geometry: a, featureIndex: 7)])
        XCTAssertEqual(kept.territories[0].featureIndex, 7)
        let assigner = try TerritoryAssigner(map: map)
        XCTAssertEqual(assigner.territoryID(of: assigner.assign(lon: 1.5, lat: 0.5)), "east")
        XCTAssertEqual(assigner.territoryID(lon: 0.5, lat: 0.5), "west")
        XCTAssertNil(assigner.territoryID(lon: 5, lat: 5))
    }

    func testOptionStructsHaveMemberwiseInits() throws {
        let validation = ValidationOptions(sliverArea: 5, engine: .pairwise)
        XCTAssertEqual(validation.sliverArea, 5)
        XCTAssertEqual(validation.sliverWidth, 50)
        let render = RenderOptions(width: 400, coloring: .territory)
        XCTAssertEqual(render.width, 400)
        let columns = CustomerColumns(id: "customer", weight: "revenue", weightRequired: true)
        XCTAssertEqual(columns.lon, "lon")
        XCTAssertEqual(columns.weight, "revenue")
        XCTAssertEqual(PropertyNames(name: "label").name, "label")
        XCTAssertEqual(PropertyNames(id: "code").id, "code")
        let batch = try CustomerBatch(ids: ["a"], lon: [0.5], lat: [0.5])
        XCTAssertEqual(batch.count, 1)
    }
}

/// The library's entry points throw only ``TerritoryError``: each `catch` below binds `error`
/// statically as `TerritoryError`, which compiles only because the entry points are declared
/// `throws(TerritoryError)`; GEOS and PROJ failures arrive wrapped, never raw.
final class TypedErrorTests: XCTestCase {
    func testGEOSAndPROJFailuresArriveWrapped() throws {
        let bowTie = try Geometry(wkt: "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))")
        do {
            _ = try Compactness(bowTie)
            XCTFail("a bow-tie has no compactness")
        } catch {
            guard case .projection = error else { return XCTFail("\(error)") }
            XCTAssertTrue(error.description.contains("Self-intersection"), error.description)
        }
        // UnitGraph throws only where GEOS or PROJ fail, which no valid input makes them do: its
        // error type is checked where the compiler checks it, in a typed function value.
        let build: ([Geometry]) throws(TerritoryError) -> UnitGraph = { geometries throws(TerritoryError) in try UnitGraph(geometries) }
        XCTAssertEqual(try build([bowTie]).neighbours, [[]])
        let map = try TerritoryMap.load(contentsOf: Fixtures.url("nc_territories.geojson"))
        do {
            _ = try BalanceReport(map: map, tally: BalanceTally(territoryCount: 3))
            XCTFail("a tally of the wrong size")
        } catch {
            guard case .invalidArgument = error else { return XCTFail("\(error)") }
        }
        do {
            var options = RenderOptions()
            options.projection = "EPSG:999999"
            _ = try MapRenderer.svg(map: map, options: options)
            XCTFail("an unknown CRS")
        } catch {
            guard case .projection = error else { return XCTFail("\(error)") }
        }
    }

    func testGeometryTypeIsKnownFromConstruction() throws {
        XCTAssertEqual(try Geometry(wkt: "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))").type, .multiPolygon)
        XCTAssertEqual(try Geometry(wkt: "GEOMETRYCOLLECTION EMPTY").type, .geometryCollection)
        XCTAssertEqual(try Geometry(wkt: "POINT (1 2)").type, .point)
    }
}

/// Names say what things are: the old names still compile (deprecated) and mean the same.
final class RenameTests: XCTestCase {
    func testOverlapNamesItsTerritoriesAndOneFeatureIndexName() throws {
        let report = try Validator.validate(contentsOf: Fixtures.url("nc_territories_damaged.geojson"))
        let overlap = try XCTUnwrap(report.overlaps.first)
        XCTAssertEqual([overlap.firstID, overlap.secondID], ["T5", "T6"])
        XCTAssertLessThan(overlap.firstFeatureIndex, overlap.secondFeatureIndex)
        let features = try TerritoryMap.inspect(contentsOf: Fixtures.url("nc_territories.geojson"))
        XCTAssertEqual(features.map(\.featureIndex), Array(0..<8))
        XCTAssertEqual(features.map(\.record.featureIndex), Array(0..<8))
        XCTAssertEqual(PropertyNames(id: "name").id, "name")
    }
}
