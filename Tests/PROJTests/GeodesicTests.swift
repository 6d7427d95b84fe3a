import XCTest
import GEOS
import TerritoryKit
import PROJ
import TestFixtures

final class GeodesicTests: XCTestCase {
    /// Areas and perimeters of every feature of three real datasets equal PROJ's geodesic
    /// reference values (fixtures/reference) to 1e-9 relative. The reference perimeters were
    /// made with pyproj, which leaves holes out of a polygon's perimeter (South Africa's hole
    /// for Lesotho is the one case), so they are compared with the exterior perimeter.
    func testAreasAndPerimetersMatchReference() throws {
        for name in ["naturalearth_countries", "nc_counties_sids2", "nybb"] {
            let features = try Geometry(geoJSON: Fixtures.text("\(name).geojson")).parts
            let reference = try Fixtures.csvRows("reference/\(name)_geodesic.csv")
            XCTAssertEqual(reference.count, features.count, name)
            for row in reference {
                let index = Int(row[0])!, area = Double(row[2])!, perimeter = Double(row[3])!
                let measured = try Geodesic.wgs84.measure(features[index])
                XCTAssertEqual(measured.area, area, accuracy: abs(area) * 1e-9, "\(name) feature \(index) area")
                XCTAssertEqual(measured.exteriorPerimeter, perimeter, accuracy: perimeter * 1e-9, "\(name) feature \(index) perimeter")
            }
        }
    }

    func testAreaDoesNotDependOnWinding() throws {
        let county = try Geometry(geoJSON: Fixtures.text("nc_counties_sids2.geojson")).part(0)
        let reversed = try county.mappingCoordinates { Array($0.reversed()) }
        XCTAssertEqual(try Geodesic.wgs84.area(reversed), try Geodesic.wgs84.area(county), accuracy: 1e-6)
        let ring = try county.exteriorRing().coordinates()
        let signed = try Geodesic.wgs84.ring(ring).area
        XCTAssertEqual(try Geodesic.wgs84.ring(ring.reversed()).area, -signed, accuracy: 1e-6)
        // Open or closed rings measure the same.
        XCTAssertEqual(try Geodesic.wgs84.ring(Array(ring.dropLast())).area, signed, accuracy: abs(signed) * 1e-12)
    }

    func testHolesAreSubtractedAndTheirLengthCounted() throws {
        // South Africa has the one hole of the file (Lesotho).
        let countries = try Geometry(geoJSON: Fixtures.text("naturalearth_countries.geojson")).parts
        let withHole = try XCTUnwrap(countries.first { $0.type == .polygon && $0.numInteriorRings == 1 })
        let shellOnly = try Geometry.polygon(exterior: withHole.exteriorRing().coordinates())
        let hole = try Geometry.polygon(exterior: withHole.interiorRings()[0].coordinates())
        let g = Geodesic.wgs84
        XCTAssertEqual(try g.area(withHole), try g.area(shellOnly) - g.area(hole), accuracy: 1)
        let m = try g.measure(withHole)
        XCTAssertEqual(m.perimeter, try g.perimeter(shellOnly) + g.perimeter(hole), accuracy: 1e-6)
        XCTAssertEqual(m.holePerimeter, try g.perimeter(hole), accuracy: 1e-6)
    }

    func testEquatorAndSphereValues() throws {
        // Along the equator the geodesic is the equator: 1° of longitude = a·π/180.
        let d = try Geodesic.wgs84.distance(from: Coordinate(x: 0, y: 0), to: Coordinate(x: 1, y: 0))
        XCTAssertEqual(d, 6_378_137 * Double.pi / 180, accuracy: 1e-6)
        // One octant of a sphere is 1/8 of its surface.
        let sphere = Geodesic(.sphere(radius: 1000))
        let octant = [Coordinate(x: 0, y: 0), Coordinate(x: 90, y: 0), Coordinate(x: 0, y: 90), Coordinate(x: 0, y: 0)]
        XCTAssertEqual(try sphere.ring(octant).area, 4 * Double.pi * 1e6 / 8, accuracy: 1e-6)
    }

    func testDirectInvertsInverse() throws {
        let g = Geodesic.wgs84
        let jfk = Coordinate(x: -73.78, y: 40.64), sin = Coordinate(x: 103.99, y: 1.36)
        let inv = try g.inverse(from: jfk, to: sin)
        XCTAssertEqual(inv.distance, 15_347_000, accuracy: 1_000)  // ~15,347 km (Karney's example pair)
        let (arrived, azimuth) = try g.destination(from: jfk, azimuth: inv.initialAzimuth, distance: inv.distance)
        XCTAssertEqual(arrived.x, sin.x, accuracy: 1e-9)
        XCTAssertEqual(arrived.y, sin.y, accuracy: 1e-9)
        XCTAssertEqual(azimuth, inv.finalAzimuth, accuracy: 1e-9)
    }

    func testBadLatitudesAreRefused() {
        XCTAssertThrowsError(try Geodesic.wgs84.distance(from: Coordinate(x: 0, y: 91), to: Coordinate(x: 0, y: 0)))
        XCTAssertThrowsError(try Geodesic.wgs84.ring([Coordinate(x: .nan, y: 0)]))
    }

    func testLineLengthAndPointMeasure() throws {
        let line = try Geometry.lineString([Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 2, y: 0)])
        XCTAssertEqual(try Geodesic.wgs84.perimeter(line), 2 * 6_378_137 * Double.pi / 180, accuracy: 1e-6)
        XCTAssertEqual(try Geodesic.wgs84.area(line), 0)
        XCTAssertEqual(try Geodesic.wgs84.measure(Geometry.point(x: 5, y: 5)).area, 0)
    }
}
