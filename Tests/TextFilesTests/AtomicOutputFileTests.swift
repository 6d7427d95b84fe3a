import Foundation
import XCTest

@testable import TextFiles

/// Outputs appear whole or not at all.
final class AtomicOutputFileTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func testNothingAppearsUntilCommit() throws {
        let url = directory.appendingPathComponent("out.csv")
        let file = try AtomicOutputFile(url)
        try file.write("a,b\n")
        try file.write([UInt8](repeating: 0x41, count: 1 << 17))  // larger than the buffer: written through
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: file.temporaryPath))
        try file.commit()
        XCTAssertEqual(try Data(contentsOf: url).count, 4 + (1 << 17))
        XCTAssertFalse(FileManager.default.fileExists(atPath: file.temporaryPath))
    }

    func testAbortAndDroppedWritersLeaveNothing() throws {
        let url = directory.appendingPathComponent("out.json")
        try AtomicOutputFile.write("old", to: url)
        var temporary = ""
        do {
            let file = try AtomicOutputFile(url)
            try file.write("new, half written")
            temporary = file.temporaryPath
        }  // dropped without commit
        XCTAssertFalse(FileManager.default.fileExists(atPath: temporary))
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "old", "the previous file is untouched")
        let pending = try AtomicOutputFile(directory.appendingPathComponent("pending.txt"))
        try pending.write("x")
        AtomicOutputFile.removeAllPending()  // what an interrupt does
        XCTAssertFalse(FileManager.default.fileExists(atPath: pending.temporaryPath))
    }

    func testUnwritableDestinationsSayWhy() {
        XCTAssertThrowsError(try AtomicOutputFile(directory)) { error in
            XCTAssertEqual(error as? TextFileError, .writeFailed(path: directory.path, reason: "is a directory"))
        }
        let missing = directory.appendingPathComponent("no/such/dir/out.csv")
        XCTAssertThrowsError(try AtomicOutputFile.write("x", to: missing)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(missing.path): cannot write: "), "\(error)")
        }
    }
}
