import Foundation
import PROJ
import XCTest

/// A designed plan's figures recomputed from its output files alone, with plain JSON parsing and
/// PROJ's geodesic ring measures (not the designer's own running totals): per territory, the
/// summed unit weights, the unit count and Polsby-Popper of the written, dissolved feature.
struct DesignCheck {
    var weight: [String: Double] = [:]
    var units: [String: Int] = [:]
    var polsbyPopper: [String: Double] = [:]
    var total = 0.0

    init(units unitsCSV: URL, map: URL, counties: String, property: String) throws {
        let source = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: counties))) as? [String: Any])
        var unitWeight: [String: Double] = [:]
        for feature in try XCTUnwrap(source["features"] as? [[String: Any]]) {
            let p = try XCTUnwrap(feature["properties"] as? [String: Any])
            let id = "\(try XCTUnwrap(p["id"]))"
            unitWeight[id] = try XCTUnwrap((p[property] as? NSNumber)?.doubleValue)
        }
        total = unitWeight.values.reduce(0, +)
        for line in try String(contentsOf: unitsCSV, encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            weight[f[1], default: 0] += try XCTUnwrap(unitWeight[f[0]], f[0])
            units[f[1], default: 0] += 1
        }
        let plan = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: map)) as? [String: Any])
        for feature in try XCTUnwrap(plan["features"] as? [[String: Any]]) {
            let id = try XCTUnwrap((feature["properties"] as? [String: Any])?["id"] as? String)
            let geometry = try XCTUnwrap(feature["geometry"] as? [String: Any])
            let coordinates = try XCTUnwrap(geometry["coordinates"] as? [Any])
            let polygons = geometry["type"] as? String == "Polygon" ? [coordinates] : try XCTUnwrap(coordinates as? [[Any]])
            var area = 0.0, perimeter = 0.0
            for polygon in polygons {
                for (k, ring) in polygon.enumerated() {
                    let points = try XCTUnwrap(ring as? [[Double]]).map { Coordinate(x: $0[0], y: $0[1]) }
                    let m = try Geodesic.wgs84.ring(points)
                    area += k == 0 ? abs(m.area) : -abs(m.area)
                    perimeter += m.perimeter
                }
            }
            polsbyPopper[id] = 4 * Double.pi * area / (perimeter * perimeter)
        }
    }
}
