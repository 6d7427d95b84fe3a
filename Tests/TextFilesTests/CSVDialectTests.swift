import Foundation
import TestFixtures
import XCTest

@testable import TextFiles

/// The dialect converter: a Windows-1252, semicolon-separated export with title lines reads as
/// the UTF-8 CSV Python's csv module wrote from the same rows, however the input is cut; a file
/// that claims UTF-8 and is not names the line and the byte's offset in the input.
final class CSVDialectTests: XCTestCase {
    func convert(_ bytes: [UInt8], _ dialect: CSVDialect, piece: Int) throws -> [UInt8] {
        var converter = CSVDialectConverter(dialect, source: "export.csv")
        var out: [UInt8] = []
        for start in stride(from: 0, to: bytes.count, by: piece) {
            try bytes[start..<min(start + piece, bytes.count)].withUnsafeBufferPointer { b throws(TextFileError) in
                out += try converter.convert(UnsafeBufferPointer(rebasing: b[...]))
            }
        }
        return out + (try converter.finish())
    }

    func testAWindowsExportReadsAsPythonWroteIt() throws {
        let export = try [UInt8](Data(contentsOf: Fixtures.url("encodings/customers_cp1252_semicolon.csv")))
        let expected = try CSVTable.read(contentsOf: Fixtures.url("encodings/customers_expected.csv"))
        let dialect = CSVDialect(delimiter: 0x3B, headerRow: 3, encoding: .cp1252)
        for piece in [1, 2, 3, 5, 7, 64, export.count] {
            let table = try CSVTable.parse(try convert(export, dialect, piece: piece))
            XCTAssertEqual(table.header, expected.header, "pieces of \(piece)")
            XCTAssertEqual(table.rows, expected.rows, "pieces of \(piece)")
            XCTAssertEqual(table.lines, expected.lines, "lines stay lines (the input's are two more, below its titles)")
        }
        XCTAssertEqual(CSVDialect.delimiter(named: "tab"), 0x09)
        XCTAssertNil(CSVDialect.delimiter(named: "\""))
        XCTAssertNil(CSVDialect.delimiter(named: ";;"))
    }

    func testNotUTF8NamesTheInputsLineAndOffset() throws {
        let bad =
            try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("encodings/customers_latin1_first_bad_byte.json"))) as! [String: Int]
        let latin1 = try [UInt8](Data(contentsOf: Fixtures.url("encodings/customers_latin1.csv")))
        for piece in [1, 3, 4096] {
            XCTAssertThrowsError(try convert(latin1, CSVDialect(delimiter: 0x3B), piece: piece)) { error in
                XCTAssertEqual(
                    error as? TextFileError,
                    .csv(source: "export.csv", line: bad["line"]!, message: UTF8Check.message(byte: UInt8(bad["byte"]!), offset: bad["offset"]!)))
            }
        }
    }
}
