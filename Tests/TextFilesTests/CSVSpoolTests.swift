import Foundation
import TestFixtures
import XCTest

@testable import TextFiles

/// The on-disk spool that table outputs pass through: the same rows as the whole-file reader
/// however the text is cut into pieces and across its read blocks, and no file left in its folder.
final class CSVSpoolTests: XCTestCase {
    private func rows(of spool: CSVSpool, source: String) throws -> (header: [String], rows: [[String]], lines: [Int]) {
        var rows: [[String]] = [], lines: [Int] = []
        let header = try spool.forEachRow(source: source) { line, fields in
            rows.append(fields)
            lines.append(line)
        }
        return (header, rows, lines)
    }

    func testEveryCSVSpectrumCaseReadsAsTheWholeFileReaderReadsIt() throws {
        let cases = try Conformance.csvSpectrum().filter { $0.name != "location_coordinates" }
        XCTAssertGreaterThanOrEqual(cases.count, 11)
        for c in cases {
            let table = try CSVTable.parse([UInt8](c.bytes), source: c.name)
            // Pieces of 1, 2, 3 and 7 bytes cut records, quoted line breaks and CRLFs anywhere.
            for piece in [1, 2, 3, 7, c.bytes.count] {
                let spool = try CSVSpool()
                let bytes = [UInt8](c.bytes)
                for start in stride(from: 0, to: bytes.count, by: piece) {
                    try spool.append(Array(bytes[start..<min(start + piece, bytes.count)]))
                }
                let read = try rows(of: spool, source: c.name)
                XCTAssertEqual(read.header, table.header, "\(c.name), pieces of \(piece)")
                XCTAssertEqual(read.rows, table.rows, "\(c.name), pieces of \(piece)")
                XCTAssertEqual(read.lines, table.lines, "\(c.name), pieces of \(piece)")
            }
        }
    }

    /// 1.8 MB: records and quoted line breaks straddle the 1 MiB read blocks; the spool can be read
    /// twice (once to type the columns, once to write).
    func testRowsAcrossReadBlocksAndReadTwice() throws {
        let spool = try CSVSpool()
        try spool.append(Array("id,note\n".utf8))
        var expected: [[String]] = []
        for i in 0..<60_000 {
            let note = i % 3 == 0 ? "line one\nline \"two\", \(i)" : String(repeating: "x", count: i % 41)
            expected.append(["\(i)", note])
            let quoted = "\"" + note.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            try spool.append(Array("\(i),\(i % 3 == 0 ? quoted : note)\r\n".utf8))
        }
        XCTAssertGreaterThan(spool.byteCount, 1 << 20)
        for _ in 0..<2 {
            let read = try rows(of: spool, source: "t")
            XCTAssertEqual(read.header, ["id", "note"])
            XCTAssertEqual(read.rows.count, expected.count)
            XCTAssertEqual(read.rows, expected)
            XCTAssertEqual(read.lines.prefix(4), [2, 4, 5, 6], "a quoted line break counts as a line")
        }
    }

    func testRefusalsNameTheLineAndNoFileIsLeft() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let spool = try CSVSpool(folder: folder.path)
        try spool.append(Array("a,b\n1,2\n3\n".utf8))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "the spool has no name in its folder")
        XCTAssertThrowsError(try rows(of: spool, source: "table")) { error in
            XCTAssertEqual(error as? TextFileError, .csv(source: "table", line: 3, message: "row has 1 fields; the header has 2"))
        }
        XCTAssertThrowsError(try rows(of: CSVSpool(folder: folder.path), source: "table")) { error in
            XCTAssertEqual(error as? TextFileError, .csv(source: "table", line: 1, message: "the file is empty; a header row is required"))
        }
        XCTAssertThrowsError(try CSVSpool(folder: folder.appendingPathComponent("missing").path)) { error in
            guard case .writeFailed? = error as? TextFileError else { return XCTFail("\(error)") }
        }
    }
}
