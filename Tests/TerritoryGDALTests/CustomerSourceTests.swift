import Foundation
import TerritoryGDAL
import TerritoryKit
import TestFixtures
import XCTest

/// Customers from GDAL sources read exactly as the CSV file they were made from.
final class CustomerSourceTests: XCTestCase {
    func read(_ reader: CustomerCSVReader) throws -> [(String, Double, Double, Double)] {
        let batch = try reader.readAll()
        return (0..<batch.count).map { (batch.id($0), batch.lon[$0], batch.lat[$0], batch.weight[$0]) }
    }

    func testPointLayerAndSheetsGiveTheCSVsCustomers() throws {
        let columns: CustomerColumns = {
            var c = CustomerColumns()
            c.weight = "weight"; c.weightRequired = true
            return c
        }()
        let expected = try read(CustomerCSVReader(contentsOf: Fixtures.url("nc_customers.csv"), columns: columns))
        XCTAssertEqual(expected.count, 117)
        for (name, layer) in [("nc_customers.gpkg", nil), ("nc_customers.xlsx", "Accounts"), ("nc_customers.ods", nil)] as [(String, String?)] {
            let got = try read(CustomerCSVReader.open(VectorSource(gdalFixture(name), layer: layer), columns: columns))
            XCTAssertEqual(got.count, expected.count, name)
            for (a, b) in zip(expected, got) {
                XCTAssertEqual(a.0, b.0, name)
                XCTAssertEqual(a.1.bitPattern, b.1.bitPattern, "\(name) \(a.0) lon")
                XCTAssertEqual(a.2.bitPattern, b.2.bitPattern, "\(name) \(a.0) lat")
                XCTAssertEqual(a.3, b.3, "\(name) \(a.0) weight")
            }
        }
    }

    func testColumnProblemsNameTheSourceAndRow() throws {
        var columns = CustomerColumns()
        columns.weight = "revenue"; columns.weightRequired = true
        XCTAssertThrowsError(try CustomerCSVReader.open(VectorSource(gdalFixture("nc_customers.xlsx")), columns: columns)) { error in
            XCTAssertEqual(
                "\(error)",
                "\(gdalFixture("nc_customers.xlsx")):1: missing column \"revenue\" (header has: id, lon, lat, weight); name the column with --weight-column"
            )
        }
        // A polygon layer is no customer file: a layer declared as polygons is not chosen, one
        // of mixed type is read until its first polygon.
        XCTAssertThrowsError(try CustomerCSVReader.open(VectorSource(gdalFixture("nc_counties_albers.shp")))) { error in
            XCTAssertTrue("\(error)".contains("no point or table layer"), "\(error)")
        }
        XCTAssertThrowsError(try CustomerCSVReader.open(VectorSource(gdalFixture("nc_counties.gpkg"), layer: "counties")).readAll()) { error in
            XCTAssertEqual(
                "\(error)", "\(gdalFixture("nc_counties.gpkg")): cannot read: feature 0 (fid 37001) has a Polygon; customers must be points")
        }
    }

    func testStreamsInPieces() throws {
        // More rows than one piece of the CSV producer (4,096): the reader sees them all, in order.
        let dir = try Fixtures.temporaryDirectory()
        var csv = "id,lon,lat\n"
        for i in 0..<10_000 { csv += "c\(i),\(-80 + Double(i) * 1e-4),\(35 + Double(i % 97) * 1e-3)\n" }
        let csvURL = dir.appendingPathComponent("many.csv")
        try csv.write(to: csvURL, atomically: true, encoding: .utf8)
        let gpkg = dir.appendingPathComponent("many.gpkg").path
        try VectorOutput(gpkg, layer: "customers").write(table: CSVTable.read(contentsOf: csvURL))
        let expected = try read(CustomerCSVReader(contentsOf: csvURL))
        let got = try read(CustomerCSVReader.open(VectorSource(gpkg)))
        XCTAssertEqual(got.count, 10_000)
        XCTAssertTrue(zip(expected, got).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 && $0.2 == $1.2 })
    }
}
