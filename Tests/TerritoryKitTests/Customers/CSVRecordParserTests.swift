import TestFixtures
import XCTest
@testable import TerritoryKit

final class CSVRecordParserTests: XCTestCase {
    /// The eight-bytes-at-a-time delimiter search against a byte-by-byte one, from every start
    /// and end in random buffers dense in commas, line feeds, quotes and near misses (bytes that
    /// differ from a delimiter by one bit or sit just below or above one, which the borrow in
    /// the zero-byte trick could confuse).
    func testDelimiterSearchMatchesTheByteLoop() {
        let seed = Fixtures.testSeed
        var generator = SeededGenerator(seed: seed)
        let alphabet: [UInt8] = [0x2C, 0x0A, 0x22, 0x2D, 0x2B, 0x0B, 0x09, 0x23, 0x21, 0x00, 0x01, 0x80, 0xFF, 0xAC, 0x30, 0x41]
        for _ in 0..<300 {
            let count = Int.random(in: 0...80, using: &generator)
            let density = Int.random(in: 1...16, using: &generator)
            let bytes = (0..<count).map { _ in
                Int.random(in: 0..<16, using: &generator) < density
                    ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
            }
            bytes.withUnsafeBufferPointer { b in
                guard let base = b.baseAddress else { return }
                for from in 0...count {
                    for to in from...count {
                        var expected = from
                        while expected < to, ![0x2C, 0x0A, 0x22].contains(b[expected]) { expected += 1 }
                        XCTAssertEqual(
                            CSVRecordParser.nextDelimiter(base, from: from, to: to), expected,
                            "\(bytes) \(from)..<\(to) (TERRITORY_TEST_SEED=\(seed))")
                    }
                }
            }
        }
    }

    /// Records cut at every byte: CRLF and LF endings, blank lines (also "\r" alone), a final
    /// record without a line break, empty fields, and a quoted record among unquoted ones.
    func testRecordBoundaries() throws {
        let text = "id,lon,lat,weight\r\na,1.5,2.5,3\r\n\r\n\n\r\nb,-1,-2,\"4\"\n,0,0,0\r\nlast,10,20,1"
        let batch = try CustomerCSVReader(text: text).readAll()
        XCTAssertEqual((0..<batch.count).map { batch.id($0) }, ["a", "b", "", "last"])
        XCTAssertEqual(batch.lon, [1.5, -1, 0, 10])
        XCTAssertEqual(batch.weight, [3, 4, 0, 1])
        XCTAssertEqual(batch.line, [2, 6, 7, 8])
        XCTAssertThrowsError(try CustomerCSVReader(text: "id,lon,lat\na,1,2,\n").readAll()) { error in
            XCTAssertEqual("\(error)".contains("row has 4 fields; the header has 3"), true, "\(error)")
        }
    }
}

extension CSVRecordParserTests {
    /// A file is mapped and cut into slices of the mapping; bytes in memory are copied into
    /// chunks. Both give the same customers, lines and errors, whatever the chunk size: a byte
    /// order mark, quoted fields with line breaks across chunk ends, a record longer than a
    /// chunk, CRLF, blank lines, no final line break, a header-only file.
    func testMappedFilesReadAsBytesInMemory() throws {
        let long = String(repeating: "x", count: 3000)
        let texts = [
            "\u{FEFF}id,lon,lat\r\n" + (0..<400).map { "c\($0),\(Double($0) / 7),\(Double($0) / 9)\r\n" }.joined(),
            "id,lon,lat\n" + (0..<300).map { $0 % 7 == 0 ? "\"q\n\($0)\",1,2\n" : "\($0),3,4\n" }.joined() + "\n\n\(long),5,6\nlast,7,8",
            "id,lon,lat\n",
            "id,lon,lat\na,1,2\nb,1,north\nc,1,2\n",
        ]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mapped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (k, text) in texts.enumerated() {
            let url = dir.appendingPathComponent("\(k).csv")
            try Data(text.utf8).write(to: url)
            for chunk in [64, 1000, 1 << 18] {
                func read(_ reader: CustomerCSVReader) -> String {
                    reader.chunkBytes = chunk
                    do {
                        let all = try reader.readAll()
                        return (0..<all.count).map { "\(all.id($0))|\(all.lon[$0])|\(all.lat[$0])|\(all.line[$0])" }.joined(separator: ";")
                    } catch {
                        return "\(error)".replacingOccurrences(of: url.path, with: "<csv>")
                    }
                }
                let mapped = read(try CustomerCSVReader(contentsOf: url))
                XCTAssertEqual(mapped, read(try CustomerCSVReader(bytes: Array(text.utf8))), "text \(k), chunks of \(chunk)")
                if k == 3 { XCTAssertTrue(mapped.hasSuffix(":3: lat \"north\" is not a number"), mapped) }
                if k == 0 { XCTAssertTrue(mapped.hasPrefix("c0|0.0|0.0|2;c1|"), mapped) }
            }
        }
    }
}
