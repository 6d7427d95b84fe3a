import Foundation
import TerritoryKit
import XCTest
import TestFixtures

/// The customers a map draws: at most the limit, evenly spread over the first four times the
/// limit (the same rows however the file comes in batches), every row counted.
final class CustomerSampleTests: XCTestCase {
    func testAtMostTheLimitEvenlyFromTheHead() throws {
        let reader = try CustomerCSVReader(contentsOf: Fixtures.url("nc_accounts.csv"))
        reader.chunkBytes = 4096  // many batches
        var sample = CustomerSample(limit: 100)
        var all = CustomerBatch(), batch = CustomerBatch(), batches = 0
        while try reader.next(into: &batch) {
            sample.keep(batch)
            all.append(contentsOf: batch)
            batches += 1
        }
        XCTAssertGreaterThan(batches, 10)
        XCTAssertEqual(sample.total, 2000)
        let drawn = sample.sample
        XCTAssertLessThanOrEqual(drawn.count, 100)
        XCTAssertGreaterThanOrEqual(drawn.count, 80)
        // Every fourth row of the first 4 × 100: rows 0, 4, ..., 396.
        let rows = (0..<drawn.count).map { i in (0..<all.count).first { all.id($0) == drawn.id(i) }! }
        XCTAssertEqual(rows, Array(stride(from: 0, to: 400, by: 4)))
        // The same rows when all customers come as one batch (a command that holds them all).
        var whole = CustomerSample(limit: 100)
        whole.keep(all)
        XCTAssertEqual((0..<whole.sample.count).map { whole.sample.id($0) }, (0..<drawn.count).map { drawn.id($0) })
        XCTAssertEqual(whole.total, 2000)
        // Fewer rows than the limit: all of them.
        var small = CustomerSample(limit: 5000)
        small.keep(all)
        XCTAssertEqual(small.sample.count, 2000)
    }
}
