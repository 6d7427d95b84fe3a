import Foundation
import XCTest

@testable import TextFiles

/// The on-disk spool of rows as fields that streamed tables pass through on their way to GDAL:
/// every field comes back as it went in (commas, quotes, line breaks, empty fields, any script),
/// across the 1 MiB read blocks, as often as it is read, and no file is left in its folder.
final class RowSpoolTests: XCTestCase {
    /// 20,000 rows, about 1.3 MB: rows straddle the 1 MiB read blocks.
    func testRowsComeBackAsTheyWentInAcrossReadBlocksAndTwice() throws {
        let spool = try RowSpool()
        var expected: [[String]] = []
        for i in 0..<20_000 {
            let note = i % 3 == 0 ? "line one\nline \"two\", \(i)" : String(repeating: "ü", count: i % 41)
            let row = ["\(i)", note, i % 5 == 0 ? "" : "T\(i % 7)"] + (i % 11 == 0 ? [] : ["1.5"])
            expected.append(row)
            try spool.append(row)
        }
        XCTAssertEqual(spool.rowCount, 20_000)
        XCTAssertGreaterThan(spool.byteCount, 1 << 20)
        for _ in 0..<2 {
            var read: [[String]] = []
            try spool.forEachRow { read.append($0) }
            XCTAssertEqual(read.count, expected.count)
            XCTAssertEqual(read, expected)
        }
        // An empty spool has no rows.
        var none = 0
        try RowSpool().forEachRow { _ in none += 1 }
        XCTAssertEqual(none, 0)
    }

    func testNothingIsLeftInItsFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rowspool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let spool = try RowSpool(folder: folder.path)
        try spool.append(["a", "b"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
        XCTAssertThrowsError(try RowSpool(folder: folder.appendingPathComponent("missing").path)) { error in
            XCTAssertTrue("\(error)".contains("missing"), "\(error)")
        }
    }
}
