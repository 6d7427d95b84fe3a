import Foundation
import TerritoryKit
import XCTest
import TestFixtures

/// The customers a map draws: at most the limit, evenly spread over the first four times the
/// limit, every row counted.
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
        // Every k-th row from the first, k the same throughout, all within the first 4 × 100 + a batch.
        let rows = (0..<drawn.count).map { i in (0..<all.count).first { all.id($0) == drawn.id(i) }! }
        let step = rows[1] - rows[0]
        XCTAssertEqual(rows.first, 0)
        XCTAssertTrue(zip(rows, rows.dropFirst()).allSatisfy { $1 - $0 == step }, "\(rows.prefix(5))")
        // Fewer rows than the limit: all of them.
        var small = CustomerSample(limit: 5000)
        small.keep(all)
        XCTAssertEqual(small.sample.count, 2000)
    }
}
