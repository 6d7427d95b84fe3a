import Foundation
import GEOS
import TerritoryKit
import TestFixtures
import XCTest

/// A fixture of the GDAL formats (fixtures/gdal, made by make_gdal_fixtures.sh).
func gdalFixture(_ name: String) -> String { Fixtures.url("gdal/\(name)").path }

/// Each polygon's rings as coordinate lists, for comparing maps read by different readers.
func rings(of geometry: Geometry) throws -> [[Coordinate]] {
    var out: [[Coordinate]] = []
    try geometry.forEachRing { _, ring in out.append(Array(ring)) }
    return out
}

/// Whether two rings hold the same positions in the same or the reverse order (a Shapefile
/// stores exterior rings clockwise; GeoJSON counter-clockwise), within `tolerance` degrees
/// (0: to the last bit).
func sameRing(_ a: [Coordinate], _ b: [Coordinate], tolerance: Double) -> Bool {
    guard a.count == b.count else { return false }
    func close(_ p: Coordinate, _ q: Coordinate) -> Bool {
        tolerance == 0
            ? (p.x.bitPattern == q.x.bitPattern && p.y.bitPattern == q.y.bitPattern) : abs(p.x - q.x) <= tolerance && abs(p.y - q.y) <= tolerance
    }
    return zip(a, b).allSatisfy(close) || zip(a, b.reversed()).allSatisfy(close)
}

/// Asserts that two maps hold the same territories (by id), properties and coordinates.
func assertSameMap(
    _ expected: TerritoryMap, _ actual: TerritoryMap, tolerance: Double, checkProperties: Bool = true, _ label: String,
    file: StaticString = #filePath, line: UInt = #line
) throws {
    XCTAssertEqual(expected.count, actual.count, label, file: file, line: line)
    let byID = Dictionary(uniqueKeysWithValues: actual.territories.map { ($0.id, $0) })
    for t in expected.territories {
        guard let other = byID[t.id] else {
            XCTFail("\(label): no territory \(t.id)", file: file, line: line)
            continue
        }
        let (r1, r2) = (try rings(of: t.geometry), try rings(of: other.geometry))
        XCTAssertEqual(r1.count, r2.count, "\(label) \(t.id): ring count", file: file, line: line)
        for (a, b) in zip(r1, r2) where !sameRing(a, b, tolerance: tolerance) {
            XCTFail("\(label) \(t.id): ring differs (first \(a.first!) vs \(b.first!))", file: file, line: line)
            break
        }
        guard checkProperties else { continue }
        let theirs = JSONValue.object(other.properties)
        for p in t.properties {
            let value = theirs[p.key]
            switch p.value {
            case .number:
                XCTAssertEqual(
                    value?.doubleValue ?? Double(value?.stringValue ?? ""), p.value.doubleValue, "\(label) \(t.id).\(p.key)", file: file, line: line)
            default: XCTAssertEqual(value?.identifierText, p.value.identifierText, "\(label) \(t.id).\(p.key)", file: file, line: line)
            }
        }
    }
}
