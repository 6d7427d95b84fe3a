import Foundation
import GEOS
import TerritoryGDAL
import TerritoryKit
import TestFixtures
import XCTest

/// The GDAL path against the project's own GeoJSON reader: the same 100 counties in every
/// format give the same map: ids, properties, and coordinates to the last bit.
final class MapParityTests: XCTestCase {
    var reference: TerritoryMap!

    override func setUpWithError() throws {
        reference = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
    }

    func testEveryLonLatFormatGivesTheSameMapToTheLastBit() throws {
        for name in [
            "nc_counties.shp", "nc_counties_shp.zip", "nc_counties.gpkg", "nc_counties.fgb", "nc_counties.kml", "nc_counties.geojsonl",
            "nc_counties_wkt.csv",
        ] {
            let map = try TerritoryMap.load(VectorSource(gdalFixture(name)))
            try assertSameMap(reference, map, tolerance: 0, name)
        }
    }

    func testGMLToTheDigitsGDALWrites() throws {
        // GDAL's GML writer keeps 15 significant digits, so the file itself holds the
        // coordinates to about 1e-13 degrees; the reader loses nothing more.
        try assertSameMap(reference, try TerritoryMap.load(VectorSource(gdalFixture("nc_counties.gml"))), tolerance: 1e-12, "gml")
    }

    func testFileGeodatabaseWithinItsGrid() throws {
        // A File Geodatabase stores coordinates on its XY grid (1e-9 degrees here), so they
        // come back within a nanodegree (0.1 mm), not to the last bit.
        try assertSameMap(reference, try TerritoryMap.load(VectorSource(gdalFixture("nc_counties.gdb"))), tolerance: 1e-8, "gdb")
    }

    func testOurGeoJSONThroughGDALIsTheSameMap() throws {
        // GDAL's GeoJSON driver against ours on the same file (the CLI keeps ours for .geojson).
        for name in ["nc_counties_sids2.geojson", "nybb.geojson", "naturalearth_countries.geojson"] {
            let ours = try TerritoryMap.load(GeoJSONFile(Fixtures.url(name)))
            let theirs = try TerritoryMap.load(VectorSource(Fixtures.url(name).path))  // always GDAL's reader
            try assertSameMap(ours, theirs, tolerance: 0, name)
        }
    }

    func testProjectedAndNAD83LayersAreTransformedToLonLat() throws {
        // NAD83 / Conus Albers (metres): back to lon/lat through PROJ, within a millimetre.
        let albers = try TerritoryMap.load(VectorSource(gdalFixture("nc_counties_albers.shp")))
        try assertSameMap(reference, albers, tolerance: 1e-8, "EPSG:5070")
        // NAD83 geographic (latitude first by authority, handed over as lon/lat by GDAL).
        let nad83 = try TerritoryMap.load(VectorSource(gdalFixture("nc_counties_nad83.gpkg")))
        try assertSameMap(reference, nad83, tolerance: 1e-6, "EPSG:4269")
        // GML written with an EPSG URN holds latitude first in the file.
        let gml = try String(contentsOfFile: gdalFixture("nc_counties.gml"), encoding: .utf8)
        XCTAssertTrue(gml.contains("urn:ogc:def:crs:EPSG::4326"))
    }

    func testALayerWithoutCRSAsksForOne() throws {
        XCTAssertThrowsError(try TerritoryMap.load(VectorSource(gdalFixture("nc_no_crs.shp")))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("--source-crs"), text)
            XCTAssertTrue(text.contains("declares no CRS"), text)
        }
        let named = try TerritoryMap.load(VectorSource(gdalFixture("nc_no_crs.shp"), sourceCRS: "EPSG:5070"))
        try assertSameMap(reference, named, tolerance: 1e-8, "--source-crs EPSG:5070")
        XCTAssertThrowsError(try TerritoryMap.load(VectorSource(gdalFixture("nc_no_crs.shp"), sourceCRS: "EPSG:999999"))) { error in
            XCTAssertTrue("\(error)".contains("EPSG:999999"), "\(error)")
        }
    }

    func testLayerChoice() throws {
        let dir = try Fixtures.temporaryDirectory()
        let two = dir.appendingPathComponent("two.gpkg").path
        try FileManager.default.copyItem(atPath: gdalFixture("nc_counties.gpkg"), toPath: two)
        try VectorOutput(two, layer: "second").write(
            features: TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson"))).outputFeatures())
        XCTAssertThrowsError(try TerritoryMap.load(VectorSource(two))) { error in
            XCTAssertTrue("\(error)".contains("2 polygon layers (counties, second); name one with --layer"), "\(error)")
        }
        try assertSameMap(reference, try TerritoryMap.load(VectorSource(two, layer: "second")), tolerance: 0, "second layer")
        XCTAssertThrowsError(try TerritoryMap.load(VectorSource(two, layer: "third"))) { error in
            XCTAssertTrue("\(error)".contains("no layer \"third\" (layers: counties, second)"), "\(error)")
        }
    }

    func testDefectsAreTheGeoJSONReadersDefects() throws {
        // A point in a map layer: refused as a territory, naming the feature.
        let features = try TerritoryMap.inspect(VectorSource(gdalFixture("nc_mixed.gpkg")))
        let bad = features.filter { !$0.defects.isEmpty }
        XCTAssertEqual(features.count, 11)
        XCTAssertEqual(bad.count, 1)
        XCTAssertEqual(bad.first?.defects.map(\.kind), [.wrongGeometryType])
        XCTAssertTrue(bad.first?.defects.first?.message.contains("Point") ?? false, "\(bad)")
        // A layer of points only: every feature refused, the first named.
        XCTAssertThrowsError(try TerritoryMap.load(VectorSource(gdalFixture("nc_points.gpkg")))) { error in
            XCTAssertEqual(
                "\(error)",
                "\(gdalFixture("nc_points.gpkg")): feature 0 (id 37009): wrong geometry type: geometry type is Point; a territory must be a Polygon or MultiPolygon"
            )
        }
    }
}
