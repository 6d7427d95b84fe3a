import Foundation
import GEOS
import PROJ
import TerritoryKit
import TestFixtures
import XCTest

/// Geodesic measures and transformations of whole geometries (GeometryMeasures.swift: GEOS
/// geometries measured and transformed through PROJ), against pyproj's reference values.
final class GeometryMeasuresTests: XCTestCase {
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

    /// A polygon's area does not depend on the direction of its rings.
    func testAreaDoesNotDependOnWinding() throws {
        let county = try Geometry(geoJSON: Fixtures.text("nc_counties_sids2.geojson")).part(0)
        let reversed = try county.mappingCoordinates { Array($0.reversed()) }
        XCTAssertEqual(try Geodesic.wgs84.area(reversed), try Geodesic.wgs84.area(county), accuracy: 1e-6)
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

    func testLineLengthAndPointMeasure() throws {
        let line = try Geometry.lineString([Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 2, y: 0)])
        XCTAssertEqual(try Geodesic.wgs84.perimeter(line), 2 * 6_378_137 * Double.pi / 180, accuracy: 1e-6)
        XCTAssertEqual(try Geodesic.wgs84.area(line), 0)
        XCTAssertEqual(try Geodesic.wgs84.measure(Geometry.point(x: 5, y: 5)).area, 0)
    }

    /// The NYC boroughs, stored in EPSG:2263 (US survey feet), transformed as geometries to
    /// lon/lat, equal the reference coordinates to 1e-7 degrees, vertex for vertex.
    func testBoroughsFromStatePlaneMatchReference() throws {
        let boroughs = try Geometry(geoJSON: Fixtures.text("nybb_epsg2263.geojson")).parts
        let transformer = try CoordinateTransformer(from: "urn:ogc:def:crs:EPSG::2263", to: "EPSG:4326")
        let lonLat = try boroughs.map { try transformer.transform($0) }
        let flattened = try lonLat.map { try $0.polygonRings().flatMap { $0 } }
        let rows = try Fixtures.csvRows("reference/nybb_epsg2263_to_4326.csv")
        XCTAssertGreaterThan(rows.count, 200)
        let sourceFlat = try boroughs.map { try $0.polygonRings().flatMap { $0 } }
        for row in rows {
            let f = Int(row[0])!, v = Int(row[1])!
            XCTAssertEqual(sourceFlat[f][v].x, Double(row[2])!, "vertex order differs from the reference")
            XCTAssertEqual(flattened[f][v].x, Double(row[4])!, accuracy: 1e-7)
            XCTAssertEqual(flattened[f][v].y, Double(row[5])!, accuracy: 1e-7)
        }
        // Single points and bulk arrays agree.
        let one = try transformer.transform(sourceFlat[0][0])
        XCTAssertEqual(one, flattened[0][0])
    }
}
