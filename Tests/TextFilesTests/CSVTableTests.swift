import Foundation
import TestFixtures
import XCTest

@testable import TextFiles

/// The side-file CSV reader against csv-spectrum (every case's records, field for field) and its
/// refusals, each naming the file and line.
final class CSVTableTests: XCTestCase {
    func testCSVSpectrum() throws {
        let cases = try Conformance.csvSpectrum()
        XCTAssertGreaterThanOrEqual(cases.count, 12)
        for c in cases where c.name != "location_coordinates" {
            let table = try CSVTable.parse([UInt8](c.bytes), source: c.name)
            XCTAssertEqual(table.header, c.columns, c.name)
            XCTAssertEqual(table.rows.count, c.records.count, c.name)
            for (row, record) in zip(table.rows, c.records) {
                for (i, column) in table.header.enumerated() {
                    // csv-spectrum's expected values keep CRLF inside quotes as the file has it.
                    XCTAssertEqual(row[i], record[column], "\(c.name) column \(column)")
                }
            }
        }
    }

    /// csv-spectrum's `location_coordinates` has `37°36'37.8"N` unquoted: RFC 4180 forbids the
    /// bare quote, so it is refused, naming the line and column and saying how to quote it.
    func testBareQuotesAreRefusedByColumn() throws {
        let c = try XCTUnwrap(Conformance.csvSpectrum().first { $0.name == "location_coordinates" })
        XCTAssertThrowsError(try CSVTable.parse([UInt8](c.bytes), source: c.name)) { error in
            guard case let .csv(_, line, message)? = error as? TextFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(line, 2)
            XCTAssertTrue(message.hasPrefix("column \"\(c.columns[1])\": a quote inside an unquoted field"), message)
        }
    }

    func testRefusalsNameTheLine() {
        func refusal(_ text: String) -> TextFileError? {
            do { _ = try CSVTable.parse(Array(text.utf8), source: "side.csv"); return nil } catch { return error }
        }
        XCTAssertEqual(
            refusal("a,b\n1,2\n3\n"), .csv(source: "side.csv", line: 3, message: "row has 1 fields; the header has 2"))
        XCTAssertEqual(refusal(""), .csv(source: "side.csv", line: 1, message: "the file is empty; a header row is required"))
        // Latin-1 "é" (0xE9) on line 3, byte 12: not UTF-8.
        let latin1 = CSVTable.parse
        XCTAssertThrowsError(try latin1(Array("a,b\n1,2\n".utf8) + [0x43, 0x61, 0x66, 0xE9, 0x2C, 0x33, 0x0A], "side.csv")) { error in
            XCTAssertEqual(error as? TextFileError, .csv(source: "side.csv", line: 3, message: UTF8Check.message(byte: 0xE9, offset: 11)))
        }
        XCTAssertEqual(refusal("a,b\n\"1,2\n"), .csv(source: "side.csv", line: 2, message: "unterminated quoted field"))
        guard case let .csv(_, line, message)? = refusal("a,b\n1,2\n3,4\"x\n") else { return XCTFail() }
        XCTAssertEqual(line, 3)
        XCTAssertTrue(message.hasPrefix("column \"b\": a quote inside an unquoted field"), message)
        guard case let .csv(_, 1, headerMessage)? = refusal("a,b\"\n1,2\n") else { return XCTFail() }
        XCTAssertTrue(headerMessage.hasPrefix("header field 2: a quote"), headerMessage)
        let table = try? CSVTable.parse(Array("\u{FEFF}a, b \r\n\r\n1,2\r\n".utf8))
        XCTAssertEqual(table?.header, ["a", "b"], "byte order mark dropped, names trimmed")
        XCTAssertEqual(table?.lines, [3], "blank lines skipped, lines counted")
        XCTAssertEqual(table.map { try? $0.requiredColumn("b") }, 1)
        XCTAssertThrowsError(try table?.requiredColumn("c")) { error in
            XCTAssertEqual("\(error)", "<csv>:1: missing column \"c\" (header has: a, b)")
        }
    }

    func testUnreadableFiles() {
        let dir = FileManager.default.temporaryDirectory
        XCTAssertThrowsError(try CSVTable.read(contentsOf: dir.appendingPathComponent("no-such-\(UUID()).csv"))) { error in
            XCTAssertTrue("\(error)".hasSuffix(": cannot read: no such file"), "\(error)")
        }
        XCTAssertThrowsError(try CSVTable.read(contentsOf: dir)) { error in
            XCTAssertEqual("\(error)", "\(dir.path): cannot read: is a directory")
        }
    }
}
