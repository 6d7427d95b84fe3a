import XCTest
import GEOS
import PROJ
import TerritoryKit
import TestFixtures

final class BalanceAndRepairTests: XCTestCase {
    /// The NC territories with the GeoNames cities as customers: counts and weights equal what
    /// plain GEOS says for every city, and the spread statistics follow from them.
    func testBalanceOfTheNorthCarolinaTerritories() throws {
        let map = try ncTerritories()
        let assigner = try TerritoryAssigner(map: map)
        let tally = try BalanceTally.tally(CustomerCSVReader(contentsOf: Fixtures.url("nc_customers.csv")), assigner: assigner)
        let customers = try CustomerCSVReader(contentsOf: Fixtures.url("nc_customers.csv")).readAll()
        var counts = [Int](repeating: 0, count: map.count), weights = [Double](repeating: 0, count: map.count)
        for i in 0..<customers.count {
            let p = try Geometry.point(x: customers.lon[i], y: customers.lat[i])
            if let t = try map.territories.firstIndex(where: { try $0.geometry.covers(p) }) {
                counts[t] += 1; weights[t] += customers.weight[i]
            }
        }
        XCTAssertEqual(tally.customers, counts)
        XCTAssertEqual(tally.weight, weights)
        XCTAssertEqual(tally.total, 117)
        XCTAssertEqual(tally.unassigned, 117 - counts.reduce(0, +))

        let report = try BalanceReport(map: map, tally: tally, tolerance: 0.10)
        let total = weights.reduce(0, +), mean = total / 8
        XCTAssertTrue(report.summary.usesTargetShares)  // every territory has target_share 0.125
        XCTAssertEqual(report.summary.totalWeight, total)
        XCTAssertEqual(report.summary.maxMinRatio, weights.max()! / weights.min()!, accuracy: 1e-12)
        XCTAssertEqual(report.summary.rangeOverMean, (weights.max()! - weights.min()!) / mean, accuracy: 1e-12)
        let sd = (weights.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 8).squareRoot()
        XCTAssertEqual(report.summary.coefficientOfVariation, sd / mean, accuracy: 1e-12)
        var pairs = 0.0
        for a in weights { for b in weights { pairs += abs(a - b) } }
        XCTAssertEqual(report.summary.gini, pairs / (2 * 64 * mean), accuracy: 1e-12)
        for (row, w) in zip(report.territories, weights) {
            XCTAssertEqual(row.deviationPercent, (w - mean) / mean * 100, accuracy: 1e-9)
            XCTAssertEqual(row.outsideTolerance, abs(row.deviationPercent) > 10)
        }
        XCTAssertEqual(report.summary.outsideTolerance, report.territories.filter(\.outsideTolerance).count)
        // Area: each territory is the union of its counties, whose reference areas sum to it.
        let areas = try referenceAreas("nc_counties_sids2")
        for (t, row) in zip(map.territories, report.territories) {
            let members = JSONValue.object(t.properties)["counties"]!.stringValue!.split(separator: ",")
            let sum = members.reduce(0.0) { $0 + areas[String($1)]! } / 1e6
            XCTAssertEqual(row.areaKm2, sum, accuracy: sum * 1e-7, t.id)
        }
    }

    func testCompactnessOfKnownShapes() throws {
        // A small square: Polsby-Popper π/4, Reock 2/π, hull ratio 1, one part.
        let square = try Geometry.rectangle(Envelope(minX: 10, minY: 0, maxX: 10.01, maxY: 0.01))
        let c = try Compactness(square)
        XCTAssertEqual(c.polsbyPopper, .pi / 4, accuracy: 1e-3)
        XCTAssertEqual(c.reock, 2 / .pi, accuracy: 1e-3)
        XCTAssertEqual(c.convexHullRatio, 1, accuracy: 1e-9)
        XCTAssertEqual(c.parts, 1)
        // Coastal territory T7 is in several pieces (the Outer Banks).
        let coast = try ncTerritories().territories[6]
        XCTAssertGreaterThan(try Compactness(coast.geometry).parts, 1)
    }

    func testToleranceAndTargets() throws {
        let a = try Geometry.rectangle(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1))
        let b = try Geometry.rectangle(Envelope(minX: 1, minY: 0, maxX: 2, maxY: 1))
        let map = try TerritoryMap([Territory(id: "a", geometry: a, targetShare: 0.75), Territory(id: "b", geometry: b, targetShare: 0.25)])
        var tally = BalanceTally(territoryCount: 2)
        try tally.add(
            [
                Assignment(territory: 0, status: .interior), Assignment(territory: 1, status: .interior),
                Assignment(territory: nil, status: .unassigned),
            ], weights: [60, 40, 5])
        let report = try BalanceReport(map: map, tally: tally, tolerance: 0.2)
        // Mismatches throw instead of trapping or truncating silently.
        XCTAssertThrowsError(try BalanceReport(map: map, tally: BalanceTally(territoryCount: 3)))
        var short = BalanceTally(territoryCount: 2)
        XCTAssertThrowsError(try short.add([Assignment(territory: 0, status: .interior)], weights: []))
        XCTAssertThrowsError(try short.add([Assignment(territory: 5, status: .interior)], weights: [1]))
        XCTAssertThrowsError(try short.merge(BalanceTally(territoryCount: 3)))
        XCTAssertEqual(short.total, 0, "nothing is added by a refused call")
        XCTAssertEqual(report.territories[0].expectedWeight, 75)
        XCTAssertEqual(report.territories[0].deviationPercent, -20, accuracy: 1e-12)
        XCTAssertFalse(report.territories[0].outsideTolerance)
        XCTAssertEqual(report.territories[1].deviationPercent, 60, accuracy: 1e-12)
        XCTAssertTrue(report.territories[1].outsideTolerance)
        XCTAssertEqual(report.summary.unassigned, 1)
        XCTAssertThrowsError(try BalanceReport(map: map, tally: tally, tolerance: -1))
    }

    /// Repairing the damaged county map (an overlap, a gap, a bow-tie) gives a map that
    /// validates clean, and says what it moved.
    func testRepairedMapValidatesClean() throws {
        let areas = try referenceAreas("nc_counties_sids2")
        var territories = try countiesWithGapAndOverlap()
        territories.append(Territory(id: "bowtie", geometry: try Geometry(wkt: "POLYGON ((-70 30, -69 31, -69 30, -70 31, -70 30))")))
        XCTAssertThrowsError(try TerritoryMap(territories), "a bow-tie is refused by the checked initialiser")
        let damaged = try TerritoryMap(unchecked: territories)
        XCTAssertFalse(try Validator.validate(damaged).isValid)

        let small = try Repairer.repair(damaged, options: RepairOptions(mergeGapsBelow: 1e6))
        XCTAssertEqual(small.log.madeValid, ["bowtie"])
        XCTAssertEqual(small.log.overlapsResolved.map { [$0.territory, $0.from!] }, [["37183", "wake-copy"]])
        XCTAssertEqual(small.log.overlapsResolved[0].area, areas["37183"]!, accuracy: areas["37183"]! * 1e-9)
        XCTAssertTrue(small.log.gapsMerged.isEmpty, "Chatham (~1,800 km²) is above the 1 km² limit")
        let afterSmall = try Validator.validate(small.map)
        XCTAssertTrue(afterSmall.invalid.isEmpty && afterSmall.overlaps.isEmpty)
        XCTAssertEqual(afterSmall.gaps.count, 1)

        let big = try Repairer.repair(damaged, options: RepairOptions(overlapPolicy: .longerSharedBorder, mergeGapsBelow: 1e10))
        XCTAssertEqual(big.log.gapsMerged.count, 1)
        XCTAssertEqual(big.log.gapsMerged[0].area, areas["37037"]!, accuracy: areas["37037"]! * 1e-6)
        let after = try Validator.validate(big.map)
        XCTAssertTrue(after.isValid, "\(after.invalid) \(after.overlaps.map { ($0.firstID, $0.secondID, $0.area) }) \(after.gaps.map(\.area))")
    }
}
