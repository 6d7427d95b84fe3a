import TestFixtures
import XCTest

@testable import TerritoryKit

/// A company goal split into amounts of money: whole cents that add up to the goal.
final class GoalSplitTests: XCTestCase {
    func cents(_ goals: [TerritoryGoal]) -> [Int64] { goals.map { Int64(($0.goal! * 100).rounded()) } }

    func testAMillionThreeWays() throws {
        let goals = try TerritoryGoals.split(1_000_000, potentials: [1, 1, 1])
        XCTAssertEqual(cents(goals), [33_333_334, 33_333_333, 33_333_333])
        XCTAssertEqual(goals.map(\.goal!), [333_333.34, 333_333.33, 333_333.33])
    }

    func testLargestRemaindersGetTheCents() throws {
        // 100.00 by 1:1:1:3 = 16.666.., 16.666.., 16.666.., 50: one cent left after flooring
        // 1666 + 1666 + 1666 + 5000 = 9998 goes to the first two largest remainders (ties: earlier first).
        XCTAssertEqual(cents(try TerritoryGoals.split(100, potentials: [1, 1, 1, 3])), [1667, 1667, 1666, 5000])
        // Shares instead of potentials.
        XCTAssertEqual(cents(try TerritoryGoals.split(10, potentials: [5, 5], shares: [0.7, 0.3])), [700, 300])
        // The amount itself is rounded to the cent first.
        XCTAssertEqual(cents(try TerritoryGoals.split(0.125, potentials: [1, 1])), [7, 6])
    }

    func testRandomSplitsAddUpExactlyAndStayWithinACent() throws {
        let seed = Fixtures.testSeed
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<500 {
            let n = Int.random(in: 1...120, using: &rng)
            let potentials = (0..<n).map { _ in Double.random(in: 0...1000, using: &rng).rounded(.down) + (Bool.random(using: &rng) ? 0 : 0.37) }
            guard potentials.reduce(0, +) > 0 else { continue }
            let amount = (Double.random(in: 0...50_000_000, using: &rng) * 100).rounded() / 100
            let parts = cents(try TerritoryGoals.split(amount, potentials: potentials))
            XCTAssertEqual(parts.reduce(0, +), Int64((amount * 100).rounded()), "\(amount) over \(n) (TERRITORY_TEST_SEED=\(seed))")
            let total = potentials.reduce(0, +)
            for (p, c) in zip(potentials, parts) {
                XCTAssertLessThan(abs(Double(c) - amount * 100 * p / total), 1.0 + 1e-6, "within a cent of its share (TERRITORY_TEST_SEED=\(seed))")
            }
        }
    }

    func testTopDownAddsUpAtEveryLevel() throws {
        // 100.00 to regions East (two territories) and West (one): 66.67 and 33.33; East's 66.67 to
        // its two: 33.34 and 33.33.
        let regions = try TerritoryRegions(territoryRegions: ["East", "East", "West"])
        XCTAssertEqual(cents(try TerritoryGoals.split(100, potentials: [1, 1, 1], regions: regions)), [3334, 3333, 3333])
        let seed = Fixtures.testSeed
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let n = Int.random(in: 1...60, using: &rng), r = Int.random(in: 1...min(n, 8), using: &rng)
            let names = (0..<n).map { t in "R\(t < r ? t : Int.random(in: 0..<r, using: &rng))" }
            let regions = try TerritoryRegions(territoryRegions: names)
            let potentials = (0..<n).map { _ in Double.random(in: 0...1000, using: &rng).rounded(.down) + 1 }
            let amount = (Double.random(in: 0...50_000_000, using: &rng) * 100).rounded() / 100
            let parts = cents(try TerritoryGoals.split(amount, potentials: potentials, regions: regions))
            XCTAssertEqual(parts.reduce(0, +), Int64((amount * 100).rounded()), "TERRITORY_TEST_SEED=\(seed)")
            // Each region's territories add up to the region's own split of the company goal.
            let regionParts = TerritoryGoals.centsByLargestRemainder(
                amount, basis: regions.ids.indices.map { k in regions.members(of: k).reduce(0) { $0 + potentials[$1] } },
                total: potentials.reduce(0, +))
            for k in regions.ids.indices {
                XCTAssertEqual(regions.members(of: k).reduce(0) { $0 + parts[$1] }, regionParts[k], "TERRITORY_TEST_SEED=\(seed)")
            }
        }
    }
}
