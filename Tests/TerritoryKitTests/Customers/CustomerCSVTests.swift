import XCTest
import TerritoryKit
import TestFixtures

final class CustomerCSVTests: XCTestCase {
    func testReadsTheGeoNamesFileInBatches() throws {
        let reader = try CustomerCSVReader(contentsOf: Fixtures.url("geonames_cities15000.csv"))
        XCTAssertEqual(reader.header, ["id", "lon", "lat", "weight"])
        var batch = CustomerBatch()
        var rows = 0, weight = 0.0, batches = 0
        var firstID = "", lastLine = 0
        reader.chunkBytes = 64 * 1024
        while try reader.next(into: &batch) {
            if batches == 0 { firstID = batch.id(0) }
            rows += batch.count
            weight += batch.weight.reduce(0, +)
            lastLine = batch.line.last!
            batches += 1
        }
        XCTAssertEqual(rows, 34_006)
        XCTAssertEqual(weight, 3_932_182_704)
        XCTAssertEqual(batches, 17, "1.1 MB in 64 KB chunks")
        XCTAssertEqual(firstID, "362")
        XCTAssertEqual(lastLine, 34_007)
        XCTAssertEqual(reader.bytesRead, reader.totalBytes)
    }

    func testRFC4180QuotingCRLFAndBOM() throws {
        let text = "\u{FEFF}name,lat,lon,id\r\n\"Smith, \"\"Jo\"\"\",35.5,-80.25,\"a,1\"\r\n\r\n\"multi\nline\",36,-79,b2\r\n"
        let batch = try CustomerCSVReader(text: text).readAll()
        XCTAssertEqual(batch.count, 2)
        XCTAssertEqual(batch.id(0), "a,1")
        XCTAssertEqual(batch.lon, [-80.25, -79])
        XCTAssertEqual(batch.lat, [35.5, 36])
        XCTAssertEqual(batch.weight, [1, 1], "no weight column: every customer weighs 1")
        XCTAssertEqual(batch.line, [2, 4])
        XCTAssertEqual(batch.id(1), "b2")
    }

    func testCustomColumnNames() throws {
        var columns = CustomerColumns()
        columns.id = "customer"; columns.lon = "x"; columns.lat = "y"; columns.weight = "revenue"; columns.weightRequired = true
        let batch = try CustomerCSVReader(text: "customer,x,y,revenue\nc1,1.5,2.5,100\n", columns: columns).readAll()
        XCTAssertEqual(batch.weight, [100])
        XCTAssertThrowsError(try CustomerCSVReader(text: "customer,x,y\n", columns: columns))
    }

    func testBadRowsNameTheLine() throws {
        let cases: [(String, Int, String)] = [
            ("", 1, "empty"),
            ("id,lon\n", 1, "missing column \"lat\""),
            ("id,lon,lat\n1,2\n", 2, "2 fields"),
            ("id,lon,lat\n1,2,3\n2,abc,3\n", 3, "\"abc\" is not a number"),
            ("id,lon,lat\n1,NaN,3\n", 2, "not a finite number"),
            ("id,lon,lat\n1,500,3\n", 2, "outside [-180, 180]"),
            ("id,lon,lat\n1,5,-91\n", 2, "outside [-90, 90]"),
            ("id,lon,lat,weight\n1,5,5,-2\n", 2, "negative"),
            ("id,lon,lat,weight\n1,5,5,\n", 2, "weight is empty"),
            ("id,lon,lat\n\"open,5,5\n", 2, "unterminated"),
            ("id,lon,lat\na\"b,5,5\n", 2, "quote inside"),
        ]
        for (text, line, fragment) in cases {
            XCTAssertThrowsError(try CustomerCSVReader(text: text, source: "c.csv").readAll(), fragment) { error in
                guard case let .csv(source, l, message) = error as? TerritoryError else { return XCTFail("\(error)") }
                XCTAssertEqual(source, "c.csv")
                XCTAssertEqual(l, line, message)
                XCTAssertTrue(message.contains(fragment), "'\(message)' should contain '\(fragment)'")
            }
        }
    }

    func testLastLineWithoutNewlineAndLongRecords() throws {
        let longID = String(repeating: "x", count: 600_000)
        let batch = try CustomerCSVReader(text: "id,lon,lat\n\(longID),1,2\nb,3,4").readAll()
        XCTAssertEqual(batch.count, 2)
        XCTAssertEqual(batch.id(0).count, 600_000)
        XCTAssertEqual(batch.lon, [1, 3])
    }

    func testDecimalParsingIsCorrectlyRounded() throws {
        var rng = SeededGenerator(seed: 99)
        var text = "id,lon,lat\n"
        var expected: [Double] = []
        for i in 0..<20_000 {
            let v = Double.random(in: -180...180, using: &rng)
            let written = i % 3 == 0 ? String(format: "%.6f", v) : (i % 3 == 1 ? "\(v)" : String(format: "%.12e", v))
            expected.append(Double(written)!)
            text += "\(i),\(written),0\n"
        }
        XCTAssertEqual(try CustomerCSVReader(text: text).readAll().lon, expected)
    }
}
