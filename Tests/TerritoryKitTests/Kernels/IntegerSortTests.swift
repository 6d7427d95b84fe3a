import XCTest

@testable import TerritoryKit

final class IntegerSortTests: XCTestCase {
    /// The quicksort and (from ``radixThreshold`` keys) the radix sort against the standard
    /// library's sort: random keys, keys as the tree splitter makes them (a double's bits with
    /// an edge number below), keys with many repeats, sorted and reversed runs, every small
    /// size and both sides of the threshold.
    func testSortsLikeTheStandardLibrary() {
        var rng = SplitMix64(seed: 42)
        var cases: [[UInt64]] = (0..<40).map { n in (0..<n).map { _ in rng.next() } }
        for n in [100, 1_000, radixThreshold - 1, radixThreshold, 10_000] {
            cases.append((0..<n).map { e in (1 + 2 * rng.nextDouble()).bitPattern & ~0xFFFF | UInt64(e) })
            cases.append((0..<n).map { _ in rng.next() })
            cases.append((0..<n).map { _ in rng.next() % 7 })
            cases.append((0..<n).map { UInt64($0) })
            cases.append((0..<n).map { UInt64(n - $0) })
            cases.append((0..<n).map { _ in UInt64.max - rng.next() % 3 })
        }
        for keys in cases {
            var ours = keys
            sortKeys(&ours)
            XCTAssertEqual(ours, keys.sorted(), "\(keys.count) keys")
        }
    }
}
