import Foundation
import TerritoryKit
import TestFixtures
import XCTest

/// OSRM answers read from their bytes: real answers of osrm-routed (Fuzz/seeds/osrm) against
/// Foundation's JSON reader, chunked bodies, refusals, and bytes no server should send.
final class OSRMTableAnswerTests: XCTestCase {
    let seeds = Fixtures.directory.deletingLastPathComponent().appendingPathComponent("Fuzz/seeds/osrm")

    func seed(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: seeds.appendingPathComponent(name))) }

    func testRealAnswersAreReadAsFoundationReadsTheirBodies() throws {
        for name in ["table_3x3.http", "table_sources.http", "table_offshore.http"] {
            let bytes = try seed(name)
            let answer = try OSRMTableAnswer(httpBytes: bytes)
            XCTAssertEqual(answer.status, 200, name)
            XCTAssertEqual(answer.code, "Ok", name)
            let split = try XCTUnwrap(bytes.indices.first { Array(bytes[$0..<min($0 + 4, bytes.count)]) == [13, 10, 13, 10] })
            let body = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes[(split + 4)...])) as? [String: Any])
            for (key, read) in [("durations", answer.durations), ("distances", answer.distances)] {
                let expected = try XCTUnwrap(body[key] as? [[Any]]).map { $0.map { ($0 as? NSNumber)?.doubleValue } }
                XCTAssertEqual(read, expected, "\(name) \(key)")
            }
        }
    }

    func testChunkedBodiesRefusalsAndBrokenAnswers() throws {
        let chunked = try OSRMTableAnswer(httpBytes: seed("chunked_nulls.http"))
        XCTAssertEqual(chunked.durations, [[0, nil], [5.5, 0]])
        XCTAssertEqual(chunked.distances, [[0, nil], [40.2, 0]])
        let refused = try OSRMTableAnswer(httpBytes: seed("too_big.http"))
        XCTAssertEqual(refused.status, 400)
        XCTAssertEqual(refused.code, "TooBig")
        XCTAssertEqual(refused.message, "Too many table coordinates")
        for broken in [
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\nhello\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}",
            "HTTP/1.1 200 OK\r\n", "SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n[1,2]",
        ] {
            XCTAssertThrowsError(try OSRMTableAnswer(httpBytes: Array(broken.utf8)), broken)
        }
    }
}
