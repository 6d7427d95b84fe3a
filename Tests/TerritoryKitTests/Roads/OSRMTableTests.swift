import Foundation
import TerritoryKit
import TestFixtures
import XCTest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The OSRM table client against a real osrm-routed (Monaco, started by scripts/osrm.sh).
final class OSRMTableTests: XCTestCase {
    var server: String!
    var points: [Coordinate] = []
    var ids: [String] = []

    override func setUpWithError() throws {
        let url = try Services.required("TERRITORY_TEST_OSRM", "OSRM server")
        server = url
        let batch = try CustomerCSVReader(contentsOf: Fixtures.url("monaco_customers.csv")).readAll()
        points = (0..<batch.count).map { Coordinate(x: batch.lon[$0], y: batch.lat[$0]) }
        ids = (0..<batch.count).map { batch.id($0) }
    }

    func testBatchedAnswersAreTheOneRequestAnswer() throws {
        let some = Array(points.prefix(12))
        let whole = try OSRMTable(url: server).matrix(sources: some, destinations: some)
        // The server's own answer, fetched and parsed independently of OSRMTable.
        let reference = try OSRMReference.table(server, some.map { ($0.x, $0.y) })
        XCTAssertEqual(whole.durations, reference.durations)
        XCTAssertEqual(whole.distances, reference.distances)
        // Blocks of 2 x 2 points, four at a time: the same numbers.
        let batched = try OSRMTable(url: server, maxTableSize: 4, concurrency: 4).matrix(sources: some, destinations: some)
        XCTAssertEqual(batched, whole)
        for i in some.indices { XCTAssertEqual(whole.durations[i][i], 0) }
        XCTAssertTrue(whole.durations.joined().allSatisfy { $0 >= 0 && $0 < 3600 }, "Monaco is small")
        // One-way streets: some pairs differ by direction.
        let asymmetric = some.indices.contains { i in some.indices.contains { j in abs(whole.durations[i][j] - whole.durations[j][i]) > 1 } }
        XCTAssertTrue(asymmetric, "no one-way difference in Monaco?")
        // Rectangular tables (sources ≠ destinations) agree with the square one.
        let rect = try OSRMTable(url: server, maxTableSize: 6).matrix(sources: Array(some.prefix(5)), destinations: Array(some.suffix(7)))
        for i in 0..<5 { for j in 0..<7 { XCTAssertEqual(rect.durations[i][j], whole.durations[i][5 + j]) } }
    }

    func testAPointFarFromAnyRoadIsNamed() throws {
        let far = points.prefix(3) + [Coordinate(x: 7.5, y: 43.5)]  // 25 km out at sea
        XCTAssertThrowsError(
            try OSRMTable(url: server).matrix(
                sources: Array(far), destinations: Array(far), names: ids.prefix(3) + ["offshore"] + ids.prefix(3) + ["offshore"])
        ) { error in
            XCTAssertTrue("\(error)".contains("offshore is"), "\(error)")
            XCTAssertTrue("\(error)".contains("m from the nearest road"), "\(error)")
        }
    }

    func testUnreachableAndNotOSRM() throws {
        // A port nobody listens on: tried again with backoff, then one clear line.
        let closed = try OSRMTable(url: "http://127.0.0.1:1", attempts: 2)
        XCTAssertThrowsError(try closed.matrix(sources: [points[0]], destinations: [points[1]])) { error in
            XCTAssertTrue("\(error)".contains("cannot be reached"), "\(error)")
            XCTAssertTrue("\(error)".contains("after 2 attempts"), "\(error)")
        }
        XCTAssertThrowsError(try OSRMTable(url: "https://example.org")) { XCTAssertTrue("\($0)".contains("http://HOST:PORT"), "\($0)") }
        // A server that answers something else.
        let port = try oneShotServer(answer: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
        XCTAssertThrowsError(try OSRMTable(url: "http://127.0.0.1:\(port)").matrix(sources: [points[0]], destinations: [points[1]])) { error in
            XCTAssertTrue("\(error)".contains("not JSON"), "\(error)")
        }
        let refusal = #"{"code":"TooBig","message":"Too many table coordinates"}"#
        let refusing = try oneShotServer(
            answer: "HTTP/1.1 400 Bad Request\r\nContent-Length: \(refusal.utf8.count)\r\nConnection: close\r\n\r\n\(refusal)")
        XCTAssertThrowsError(try OSRMTable(url: "http://127.0.0.1:\(refusing)").matrix(sources: [points[0]], destinations: [points[1]])) { error in
            XCTAssertTrue("\(error)".contains("refused the table request: TooBig: Too many table coordinates"), "\(error)")
        }
    }

    /// A server on a free localhost port that answers one connection with `answer` and closes.
    func oneShotServer(answer: String) throws -> UInt16 {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        listen(fd, 1)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let bytes = Array(answer.utf8)
        Thread.detachNewThread {
            let client = accept(fd, nil, nil)
            var buffer = [UInt8](repeating: 0, count: 4096)
            _ = recv(client, &buffer, buffer.count, 0)
            _ = bytes.withUnsafeBytes { send(client, $0.baseAddress!, $0.count, 0) }
            close(client)
            close(fd)
        }
        return UInt16(bigEndian: address.sin_port)
    }
}
