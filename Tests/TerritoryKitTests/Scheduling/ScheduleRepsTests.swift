import Foundation
import TerritoryKit
import XCTest
import TestFixtures

/// Each territory's home, rep and working days for a schedule, from the reps file.
final class ScheduleRepsTests: XCTestCase {
    func testHomesNamesAndPartTimeDays() throws {
        let map = try ncTerritories()
        let rows = try RepTerritory.byTerritory(
            RepTerritory.read(contentsOf: Fixtures.url("organisation/nc_reps_homes.csv")), territoryIDs: map.ids, source: "reps")
        let reps = try ScheduleReps(map: map, reps: rows, cycleDays: 20, source: "reps")
        XCTAssertEqual(reps.homes, rows.map { $0!.home! })
        XCTAssertEqual(reps.names, rows.map { $0!.rep })
        XCTAssertTrue(reps.workingDays.allSatisfy { $0 == nil })
        // A rep of 5 days in a 20-day cycle works every fourth day; more days than the cycle is refused.
        var partTime = rows
        partTime[1]!.workingDays = 5
        XCTAssertEqual(try ScheduleReps(map: map, reps: partTime, cycleDays: 20, source: "reps").workingDays[1], [0, 4, 8, 12, 16])
        partTime[1]!.workingDays = 21
        XCTAssertThrowsError(try ScheduleReps(map: map, reps: partTime, cycleDays: 20, source: "reps")) { error in
            XCTAssertTrue("\(error)".hasSuffix(": reps: territory \(map.ids[1]) works 21 days of a 20-day cycle"), "\(error)")
        }
        // Homes for some territories only: the first without one is named.
        var someHomes = rows
        someHomes[2]!.home = nil
        XCTAssertThrowsError(try ScheduleReps(map: map, reps: someHomes, cycleDays: 20, source: "reps")) { error in
            XCTAssertTrue("\(error)".hasSuffix(": reps: territory \(map.ids[2]) has no home (lon,lat): every day starts there"), "\(error)")
        }
    }

    func testWithoutHomesEachDayStartsAtThePoleOfInaccessibility() throws {
        let map = try ncTerritories()
        let reps = try ScheduleReps(map: map, reps: nil, cycleDays: 20, source: "reps")
        XCTAssertEqual(reps.homes, try TerritoryCallCycles.homes(of: map))
        for (t, home) in reps.homes.enumerated() {
            XCTAssertTrue(try map.territories[t].geometry.covers(Geometry.point(x: home.x, y: home.y)), map.ids[t])
        }
        XCTAssertEqual(reps.names, [String?](repeating: nil, count: map.count))
    }

    func testUnplacedLineAndCalendarNamesAndSkipDates() throws {
        XCTAssertEqual(TerritoryCallCycles.calendarFileName("North/East: 1"), "North_East__1.ics")
        XCTAssertEqual(TerritoryCallCycles.calendarFileName("T1"), "T1.ics")
        let dir = try Fixtures.temporaryDirectory()
        let url = dir.appendingPathComponent("holidays.txt")
        try "date\n2027-01-18\n\n  2027-02-15 \n".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertEqual(try WorkingDays.skipDates(contentsOf: url), ["2027-01-18", "2027-02-15"])
        XCTAssertThrowsError(try WorkingDays.skipDates(contentsOf: dir.appendingPathComponent("none.txt"))) { error in
            XCTAssertTrue("\(error)".contains("none.txt: cannot read the dates"), "\(error)")
        }
        XCTAssertNil(TerritoryCallCycles.unplacedLine([], territoryIDs: []))
    }
}
