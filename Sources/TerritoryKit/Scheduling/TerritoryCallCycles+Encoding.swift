import Foundation

/// Call-cycle schedules as the tools write them: the schedule table (CSV), the summary as JSON or
/// text, and each rep's calendar.
extension TerritoryCallCycles {
    /// The schedule table: header `territory_id,rep,day,date,stop,customer_id,lon,lat,arrive,depart,leg_m,leg_s`,
    /// rows by territory (map order), day and stop; each day with visits starts with stop 0 at
    /// home (`depart` the day's start) and ends with the way back home (`arrive` when back);
    /// `date` empty without dates; times `HH:MM`; `leg_m` geodesic metres and `leg_s` drive
    /// seconds from the previous row.
    /// - Parameters:
    ///   - cycles: the territories' schedules.
    ///   - map: the territories.
    ///   - reps: each territory's rep, or nil.
    ///   - customers: the customers the schedules name by row.
    ///   - dates: the date of each cycle day (`YYYY-MM-DD`), or nil.
    public static func csv(_ cycles: [TerritoryCallCycle], map: TerritoryMap, reps: [String?], customers: CustomerBatch, dates: [String]?) -> [UInt8]
    {
        table(cycles, map: map, reps: reps, customers: customers, dates: dates).csv
    }

    /// The rows of ``csv(_:map:reps:customers:dates:)`` as fields, for a writer of another format.
    public static func table(
        _ cycles: [TerritoryCallCycle], map: TerritoryMap, reps: [String?], customers: CustomerBatch, dates: [String]?
    ) -> OutputTable {
        var table = OutputTable(header: [
            "territory_id", "rep", "day", "date", "stop", "customer_id", "lon", "lat", "arrive", "depart", "leg_m", "leg_s",
        ])
        for cycle in cycles {
            let id = map.territories[cycle.territory].id, rep = reps[cycle.territory] ?? ""
            for s in cycle.stops {
                table.append([
                    id, rep, String(s.day + 1), dates?[s.day] ?? "", String(s.stop), s.customer.map { customers.id($0) } ?? "",
                    NumberText.shortest(s.location.x), NumberText.shortest(s.location.y), s.arrive.map(clock) ?? "", s.depart.map(clock) ?? "",
                    NumberText.rounded(s.legMetres, decimals: 1), NumberText.rounded(s.legSeconds, decimals: 1),
                ])
            }
        }
        return table
    }

    /// The summary figures of one territory, or of all.
    struct Figures {
        var daysUsed = 0, visits = 0, unplacedVisits = 0
        var driveMetres = 0.0, driveSeconds = 0.0, workHours = 0.0, maxDayHours = 0.0
        var dayHours: [Double] = []

        init(_ cycles: [TerritoryCallCycle]) {
            for c in cycles {
                daysUsed += c.daysUsed; visits += c.visits
                unplacedVisits += c.unplaced.reduce(0) { $0 + $1.visitsMissing }
                driveMetres += c.driveMetres; driveSeconds += c.driveSeconds
                dayHours += c.dayHours
            }
            workHours = dayHours.reduce(0, +)
            maxDayHours = dayHours.max() ?? 0
        }
    }

    /// The summary as JSON: `territories[]` (`id`, `rep`, `days_used`, `visits`, `drive_km`,
    /// `drive_hours`, `work_hours`, `max_day_hours`, `unplaced`), `summary` (the same totals and
    /// `unplaced_visits`) and `unplaced[]` (`customer_id`, `visits_missing`, `reason`).
    public static func json(_ cycles: [TerritoryCallCycle], map: TerritoryMap, reps: [String?], customers: CustomerBatch) -> JSONValue {
        func figures(_ f: Figures) -> [JSONMember] {
            [
                JSONMember("days_used", .number(String(f.daysUsed))), JSONMember("visits", .number(String(f.visits))),
                JSONMember("drive_km", JSONValue.rounded(f.driveMetres / 1000, digits: 3)),
                JSONMember("drive_hours", JSONValue.rounded(f.driveSeconds / 3600, digits: 3)),
                JSONMember("work_hours", JSONValue.rounded(f.workHours, digits: 3)),
                JSONMember("max_day_hours", JSONValue.rounded(f.maxDayHours, digits: 3)),
            ]
        }
        let territories: [JSONValue] = cycles.map { c in
            let f = Figures([c])
            return .object(
                [JSONMember("id", .string(map.territories[c.territory].id)), JSONMember("rep", reps[c.territory].map(JSONValue.string) ?? .null)]
                    + figures(f) + [JSONMember("unplaced", .number(String(f.unplacedVisits)))])
        }
        let all = Figures(cycles)
        let unplaced: [JSONValue] = cycles.flatMap { c in
            c.unplaced.map { u in
                .object([
                    JSONMember("customer_id", .string(customers.id(u.customer))), JSONMember("visits_missing", .number(String(u.visitsMissing))),
                    JSONMember("reason", .string(u.reason)),
                ])
            }
        }
        return .object([
            JSONMember("territories", .array(territories)),
            JSONMember("summary", .object(figures(all) + [JSONMember("unplaced_visits", .number(String(all.unplacedVisits)))])),
            JSONMember("unplaced", .array(unplaced)),
        ])
    }

    /// The summary as a text table: per territory the days used, visits, hours per working day
    /// (least, mean, most), drive km and hours in the cycle, and visits not placed.
    public static func text(_ cycles: [TerritoryCallCycle], map: TerritoryMap) -> String {
        var out = "territory   days  visits  day h (least/mean/most)   drive km  drive h  unplaced\n"
        for c in cycles {
            let f = Figures([c])
            let mean = f.dayHours.isEmpty ? 0 : f.workHours / Double(f.dayHours.count)
            out += TextTable.pad(map.territories[c.territory].id, 10) + "  "
            out += String(
                format: "%4d  %6d  %5.1f / %5.1f / %5.1f      %8.1f  %7.1f  %8d\n", f.daysUsed, f.visits, f.dayHours.min() ?? 0, mean,
                f.maxDayHours, f.driveMetres / 1000, f.driveSeconds / 3600, f.unplacedVisits)
        }
        let all = Figures(cycles)
        out += String(
            format: "%d visits on %d rep-days, %.1f drive km, %.1f drive hours, longest day %.1f h; %d visits not placed\n", all.visits,
            all.daysUsed, all.driveMetres / 1000, all.driveSeconds / 3600, all.maxDayHours, all.unplacedVisits)
        return out
    }

    /// Each territory's calendar (one per rep): its visits on their dates, in RFC 5545.
    /// - Parameters:
    ///   - cycles: the territories' schedules.
    ///   - map: the territories.
    ///   - reps: each territory's rep, or nil (the calendar's name then is the territory id).
    ///   - customers: the customers the schedules name by row.
    ///   - dates: the date of each cycle day (`YYYY-MM-DD`).
    public static func calendars(
        _ cycles: [TerritoryCallCycle], map: TerritoryMap, reps: [String?], customers: CustomerBatch, dates: [String]
    ) -> [(territory: String, text: String)] {
        let stamp = (dates.first ?? "1970-01-01").replacingOccurrences(of: "-", with: "") + "T000000Z"
        return cycles.map { c in
            let id = map.territories[c.territory].id
            let visits = c.stops.compactMap { s -> CalendarVisit? in
                guard let k = s.customer, let start = s.visitStart, let end = s.depart else { return nil }
                let customer = customers.id(k)
                return CalendarVisit(
                    uid: "\(id)-\(dates[s.day])-\(s.stop)-\(customer)@territory", date: dates[s.day], start: start, end: end,
                    summary: customer, location: s.location)
            }
            return (id, VisitCalendar.text(name: reps[c.territory].map { "\(id) (\($0))" } ?? id, visits: visits, stamp: stamp))
        }
    }
}

extension TerritoryCallCycles {
    /// The schedules rolled up to regions: each region's customers and their weight, its
    /// scheduled work hours in the cycle (`workload_hours`), and its deviation from what its reps
    /// are expected to carry (their `shares` of all the hours, or an equal share each).
    ///
    /// ## Example
    /// ```swift
    /// let rows = TerritoryCallCycles.regions(cycles, map: map, customers: batch, assignments: assignments, regions: regions)
    /// print(RegionBalance.text(rows))
    /// ```
    /// - Parameters:
    ///   - cycles: the territories' schedules.
    ///   - map: the territories.
    ///   - customers: the customers.
    ///   - assignments: each customer's territory.
    ///   - regions: each territory's region.
    ///   - shares: each territory's share of the work (its rep's capacity), or nil for equal shares.
    public static func regions(
        _ cycles: [TerritoryCallCycle], map: TerritoryMap, customers: CustomerBatch, assignments: [Assignment], regions: TerritoryRegions,
        shares: [Double]? = nil
    ) -> [RegionBalance] {
        var count = [Int](repeating: 0, count: map.count), weight = [Double](repeating: 0, count: map.count)
        for (i, a) in assignments.enumerated() {
            if let t = a.territory, t < map.count { count[t] += 1; weight[t] += customers.weight[i] }
        }
        var hours = [Double](repeating: 0, count: map.count)
        for c in cycles where c.territory < map.count { hours[c.territory] += c.dayHours.reduce(0, +) }
        let total = hours.reduce(0, +)
        let share = shares ?? [Double](repeating: 1 / Double(max(1, map.count)), count: map.count)
        let shareSum = share.reduce(0, +)
        return RegionBalance.rollUp(
            regions, territoryIDs: map.ids, customers: count, weights: weight, balanced: hours,
            expected: share.map { shareSum > 0 ? total * $0 / shareSum : 0 }, hours: hours)
    }
}

extension TerritoryCallCycles {
    /// The line that says visits are missing: how many, why, and in which territories; nil when
    /// every visit is placed.
    /// - Parameters:
    ///   - cycles: the schedules.
    ///   - territoryIDs: each territory's id.
    public static func unplacedLine(_ cycles: [TerritoryCallCycle], territoryIDs: [String]) -> String? {
        let missing = cycles.flatMap { c in c.unplaced.map { (c.territory, $0) } }
        guard !missing.isEmpty else { return nil }
        let count = missing.reduce(0) { $0 + $1.1.visitsMissing }
        let places = Dictionary(grouping: missing, by: \.0).keys.sorted().map { territoryIDs[$0] }
        let reasons = Set(missing.map(\.1.reason)).sorted().joined(separator: "; ")
        return
            "\(count) visit\(count == 1 ? "" : "s") could not be placed (\(reasons) in \(places.joined(separator: ", ")): add days, hours or a rep)"
    }

    /// The file name of a territory's calendar: its id with separators and control characters
    /// replaced by `_`, then `.ics`.
    public static func calendarFileName(_ territoryID: String) -> String {
        String(territoryID.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" }) + ".ics"
    }

    /// Writes each territory's calendar (``calendars(_:map:reps:customers:dates:)``) into `folder`
    /// (made when missing), one file each (``calendarFileName(_:)``), each written whole or not at all.
    /// - Throws: ``TerritoryError/writeFailed(path:reason:)`` when the folder or a file cannot be written.
    public static func writeCalendars(
        _ cycles: [TerritoryCallCycle], map: TerritoryMap, reps: [String?], customers: CustomerBatch, dates: [String], into folder: URL
    ) throws(TerritoryError) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: folder.path, reason: "cannot make the folder: \(error.localizedDescription)")
        }
        for (territory, text) in calendars(cycles, map: map, reps: reps, customers: customers, dates: dates) {
            try wrapped { try AtomicOutputFile.write(text, to: folder.appendingPathComponent(calendarFileName(territory))) }
        }
    }

    /// The JSON summary `territory schedule --format json` prints, with the regions' roll-up
    /// (``regions(_:map:customers:assignments:regions:shares:)``) as `regions` when there is one.
    public static func json(
        _ cycles: [TerritoryCallCycle], map: TerritoryMap, reps: [String?], customers: CustomerBatch, regions: [RegionBalance]?
    ) -> JSONValue {
        let json = json(cycles, map: map, reps: reps, customers: customers)
        guard let regions, case let .object(members) = json else { return json }
        return .object(members + [JSONMember("regions", RegionBalance.json(regions))])
    }

    /// The text summary `territory schedule` prints, with the regions' roll-up after the
    /// territories when there is one.
    public static func text(_ cycles: [TerritoryCallCycle], map: TerritoryMap, regions: [RegionBalance]?) -> String {
        text(cycles, map: map) + (regions.map { "\n" + RegionBalance.text($0) } ?? "")
    }
}
