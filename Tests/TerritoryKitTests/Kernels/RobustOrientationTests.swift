import Foundation
import TestFixtures
import XCTest

@testable import TerritoryKit

/// The exact orientation predicate against its definition, on inputs chosen to defeat plain
/// floating point.
final class RobustOrientationTests: XCTestCase {
    func testExactOrientationAgainstRationalArithmetic() {
        // Exact sign of (p2 - p1) × (q - p1) on doubles chosen to defeat naive floating point:
        // points on (or a hair off) a line through large coordinates.
        XCTAssertEqual(RobustOrientation.index(0, 0, 1, 1, 2, 2), 0)
        XCTAssertEqual(RobustOrientation.index(0, 0, 1, 0, 0.5, 1e-300), 1)
        XCTAssertEqual(RobustOrientation.index(0, 0, 1, 0, 0.5, -1e-300), -1)
        let a = 1e15
        XCTAssertEqual(RobustOrientation.index(a, a, a + 2, a + 2, a + 1, a + 1), 0)
        XCTAssertEqual(RobustOrientation.index(a, a, a + 2, a + 2, a + 1, a + 1.125), 1)
        // Random near-collinear triples: the filtered answer equals the exact expansion's.
        var rng = SplitMix64(seed: 3)
        for _ in 0..<50_000 {
            let x1 = rng.nextDouble() * 360 - 180, y1 = rng.nextDouble() * 180 - 90
            let x2 = rng.nextDouble() * 360 - 180, y2 = rng.nextDouble() * 180 - 90
            let t = rng.nextDouble()
            let qx = x1 + t * (x2 - x1), qy = (y1 + t * (y2 - y1)).nextUp
            XCTAssertEqual(RobustOrientation.index(x1, y1, x2, y2, qx, qy), RobustOrientation.exact(x1, y1, x2, y2, qx, qy))
        }
    }
}
