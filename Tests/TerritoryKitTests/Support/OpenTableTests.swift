import TestFixtures
import XCTest

@testable import TerritoryKit

/// The open-addressing table against Swift's Dictionary: the same keys found, the same values
/// kept through growth, nothing found that was never inserted; points as keys bit for bit.
final class OpenTableTests: XCTestCase {
    struct Key: OpenTableKey {
        let bits: UInt64
        var mixedHash: UInt64 { mix64(bits) }
    }

    func testAgreesWithADictionaryThroughGrowth() {
        let seed = Fixtures.testSeed
        var rng = SplitMix64(seed: seed)
        // Expecting 10 keys, given 20,000: the table grows many times.
        var table = OpenTable<Key, Int>(expected: 10, empty: -1)
        var reference: [UInt64: Int] = [:]
        for step in 0..<20_000 {
            // Few distinct keys at first (repeats), then mostly new ones.
            let bits = rng.next() % UInt64(step < 5_000 ? 1_000 : 1 << 40)
            let slot = table.findOrInsert(Key(bits: bits))
            table.values[slot] = (table.values[slot] == -1 ? 0 : table.values[slot]) + 1
            reference[bits, default: 0] += 1
        }
        XCTAssertEqual(table.count, reference.count, "TERRITORY_TEST_SEED=\(seed)")
        for (bits, n) in reference {
            XCTAssertEqual(table.find(Key(bits: bits)).map { table.values[$0] }, n, "TERRITORY_TEST_SEED=\(seed)")
        }
        var seen = 0
        table.forEach { key, value in
            XCTAssertEqual(reference[key.bits], value)
            seen += 1
        }
        XCTAssertEqual(seen, reference.count)
        for _ in 0..<1_000 {
            let bits = (1 << 41) + rng.next() % 1_000_000
            XCTAssertNil(table.find(Key(bits: bits)))
        }
    }

    func testPointKeysAreBitForBitWithNegativeZeroAsZero() {
        XCTAssertEqual(PointKey(Coordinate(x: -0.0, y: 1)), PointKey(Coordinate(x: 0.0, y: 1)))
        XCTAssertNotEqual(PointKey(Coordinate(x: 0.1 + 0.2, y: 1)), PointKey(Coordinate(x: 0.3, y: 1)))
        let c = Coordinate(x: -78.123456789, y: 35.5)
        XCTAssertEqual(PointKey(c).coordinate, c)
    }
}
