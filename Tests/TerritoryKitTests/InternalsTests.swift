import Foundation
import XCTest
@testable import TerritoryKit
import TestFixtures

/// Direct tests of the small exact pieces the readers and the assigner stand on, against their
/// definitions: the JSON value parser, decimal parsing, exact orientation and the grid.
final class InternalsTests: XCTestCase {
    func parse(_ text: String) throws -> JSONValue {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { b in
            var parser = JSONParser(b)
            return try parser.parseValue()
        }
    }

    func testJSONParserValues() throws {
        XCTAssertEqual(try parse("null"), .null)
        XCTAssertEqual(try parse(" true"), .bool(true))
        XCTAssertEqual(try parse("-0.5e2").doubleValue, -50)
        XCTAssertEqual(try parse(#""a\u00e9\ud83d\ude00\n""#).stringValue, "aé😀\n")
        guard case let .array(items) = try parse("[1, [2], {\"k\": \"v\"}]") else { return XCTFail() }
        XCTAssertEqual(items.count, 3)
        guard case let .object(members) = try parse(#"{"b": 1, "a": 2}"#) else { return XCTFail() }
        XCTAssertEqual(members.map(\.key), ["b", "a"], "member order kept")
        for bad in ["01", "1.", ".5", "+1", "[1,]", #""\ud800""#, #""\ud83d\u0041""#, "nul", "[", #""a"#, "1e", "-"] {
            XCTAssertThrowsError(try parse(bad), bad)
        }
        // Deep nesting is refused, not a stack overflow.
        XCTAssertThrowsError(try parse(String(repeating: "[", count: 100_000)))
    }

    func testDecimalParsingMatchesTheStandardLibrary() {
        var rng = SplitMix64(seed: 9)
        for _ in 0..<20_000 {
            let v = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * (rng.next() & 1 == 0 ? 1 : -1)
            for text in ["\(v)", String(format: "%.17g", v), String(format: "%.3f", v.truncatingRemainder(dividingBy: 1e6))] {
                XCTAssertEqual(DecimalParsing.parse(Substring(text)), Double(text), text)
            }
        }
        for text in ["-78.64", "35.780000000000001", "1e308", "4.9e-324", "0", "-0", " 12 "] {
            XCTAssertEqual(
                DecimalParsing.parse(Substring(text.trimmingCharacters(in: .whitespaces))), Double(text.trimmingCharacters(in: .whitespaces)), text)
        }
        for bad in ["", "abc", "1.2.3", "--1", "1e", "0x10"] { XCTAssertNil(DecimalParsing.parse(Substring(bad)), bad) }
    }

    /// The exactly checked path for 16-19 digit mantissas against the standard library:
    /// full-precision coordinates, random digit strings, and exact halfway points between two
    /// doubles (n + 0.5 above 2^52, n + 0.25 and n + 0.75 above 2^51), where ties go to even.
    func testLongMantissasAreCorrectlyRounded() {
        var rng = SplitMix64(seed: 11)
        func check(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertEqual(DecimalParsing.parse(Substring(text))?.bitPattern, Double(text)?.bitPattern, text, file: file, line: line)
        }
        for _ in 0..<100_000 {
            let lon = rng.nextDouble() * 360 - 180, lat = rng.nextDouble() * 180 - 90
            check("\(lon)"); check("\(lat)"); check(String(format: "%.17g", lon)); check(String(format: "%.16f", lat))
            // Random digit strings of 16 to 19 digits with the point anywhere.
            let count = 16 + Int(rng.next() % 4)
            var digits = String(1 + rng.next() % 9)
            for _ in 1..<count { digits += String(rng.next() % 10) }
            let point = 1 + Int(rng.next() % UInt64(count - 1))
            check(String(digits.prefix(point)) + "." + String(digits.dropFirst(point)))
            check("0." + String(digits.prefix(19)))
        }
        for _ in 0..<20_000 {
            let n = (1 << 52) + rng.next() % (1 << 52)
            check("\(n).5"); check("-\(n).5")
            let m = (1 << 51) + rng.next() % (1 << 51)
            check("\(m).25"); check("\(m).75")
        }
        // The checked path answers these itself (no strtod), ties included.
        XCTAssertEqual(DecimalParsing.verified(7_864_123_456_789_012, fractionDigits: 14), -(-78.64123456789012))
        XCTAssertEqual(DecimalParsing.verified(45_035_996_273_704_975, fractionDigits: 1), 4503599627370497.5.rounded(.toNearestOrEven))
        XCTAssertEqual(DecimalParsing.verified(45_035_996_273_704_965, fractionDigits: 1), 4503599627370496)
        for text in ["9007199254740992.5", "9007199254740993.5", "4503599627370496.5", "4503599627370497.5", "0.1000000000000000055511151231257827"] {
            check(text)
        }
    }

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

    /// Every pure cell of the grid lies wholly inside the territory it names (or none): checked
    /// against the exact locator at the cell's corners and centre, on the NC counties.
    func testGridPureCellsAreExact() throws {
        let map = try TerritoryMap.load(contentsOf: Fixtures.url("nc_counties_sids2.geojson"))
        let locators = try map.territories.map { try PolygonLocator($0.geometry) }
        let grid = TerritoryGrid(locators: locators)
        let w = grid.envelope.width / Double(grid.columns), h = grid.envelope.height / Double(grid.rows)
        var pure = 0
        for cell in stride(from: 0, to: grid.columns * grid.rows, by: 7) where grid.state[cell] != TerritoryGrid.mixed {
            pure += 1
            let c = cell % grid.columns, r = cell / grid.columns
            let x0 = grid.envelope.minX + Double(c) * w, y0 = grid.envelope.minY + Double(r) * h
            for (fx, fy) in [(0.01, 0.01), (0.99, 0.01), (0.5, 0.5), (0.01, 0.99), (0.99, 0.99)] {
                let x = x0 + fx * w, y = y0 + fy * h
                XCTAssertEqual(grid.cell(x: x, y: y), cell)
                let owner = locators.firstIndex { $0.locate(x: x, y: y) != .exterior }
                XCTAssertEqual(owner.map(Int32.init) ?? TerritoryGrid.empty, grid.state[cell], "cell \(cell)")
            }
        }
        XCTAssertGreaterThan(pure, 100)
    }
}

extension InternalsTests {
    /// The designer's connectivity check (a search that stops once the moved unit's neighbours
    /// are reached, with stamped scratch arrays) against a full breadth-first search of the
    /// territory without the unit, on random plans of the NC counties.
    func testStaysConnectedMatchesAFullSearch() throws {
        let map = try TerritoryMap.load(contentsOf: Fixtures.url("nc_counties_sids2.geojson"))
        let graph = try DesignGraph(map)
        let problem = try DesignProblem(units: map, weights: [Double](repeating: 1, count: map.count), options: DesignOptions(territories: 6))
        var rng = SplitMix64(seed: 7)
        var checked = 0, split = 0
        for _ in 0..<40 {
            var plan = Partition(problem: problem, graph: graph)
            plan.grow(seeds: plan.seeds(seed: rng.next()))
            for u in 0..<map.count {
                let s = plan.owner[u]
                let rest = (0..<map.count).filter { plan.owner[$0] == s && $0 != u }
                var connected = true
                if let first = rest.first {
                    var seen: Set = [first], queue = [first]
                    while let v = queue.popLast() {
                        for w in graph.neighbours[v] where w != u && plan.owner[w] == s && seen.insert(w).inserted { queue.append(w) }
                    }
                    connected = seen.count == rest.count
                }
                XCTAssertEqual(plan.staysConnected(s, without: u), connected, "unit \(u)")
                checked += 1
                if !connected { split += 1 }
            }
        }
        XCTAssertGreaterThan(split, 100, "the plans have cut units to find")
        XCTAssertEqual(checked, 40 * map.count)
    }
}
