import XCTest
@testable import TerritoryKit

final class CSVRecordParserTests: XCTestCase {
    /// The eight-bytes-at-a-time delimiter search against a byte-by-byte one, from every start
    /// and end in random buffers dense in commas, line feeds, quotes and near misses (bytes that
    /// differ from a delimiter by one bit or sit just below or above one, which the borrow in
    /// the zero-byte trick could confuse).
    func testDelimiterSearchMatchesTheByteLoop() {
        var generator = SystemRandomNumberGenerator()
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
                        XCTAssertEqual(CSVRecordParser.nextDelimiter(base, from: from, to: to), expected, "\(bytes) \(from)..<\(to)")
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
