import Foundation

/// The working days of a call cycle and their hours, as a sales organisation states them.
public struct CallCycleSettings: Sendable, Equatable {
    /// Working days in the cycle.
    public var days: Int
    /// When a working day starts, in minutes after midnight.
    public var dayStart: Double
    /// The length of a working day in minutes (leaving home to coming back).
    public var dayMinutes: Double
    /// How many days closer than even spacing two visits to a customer may be.
    public var spacingSlack: Int
    /// Visits a rep makes in a day at most; nil: no limit.
    public var maxVisitsPerDay: Int?

    /// Settings: 20 days of 8 hours from 08:00, spacing slack 1, no visit limit.
    public init(days: Int = 20, dayStart: Double = 8 * 60, dayMinutes: Double = 8 * 60, spacingSlack: Int = 1, maxVisitsPerDay: Int? = nil) {
        self.days = days; self.dayStart = dayStart; self.dayMinutes = dayMinutes
        self.spacingSlack = spacingSlack; self.maxVisitsPerDay = maxVisitsPerDay
    }
}

/// What a customer needs in the cycle.
public struct CustomerVisits: Sendable, Equatable {
    /// Visits in the cycle.
    public var visits: Int
    /// Minutes per visit.
    public var minutes: Double
    /// When the customer can be visited, in minutes after midnight; nil: the whole day.
    public var window: VisitWindow?
    /// A customer's needs.
    public init(visits: Int, minutes: Double, window: VisitWindow? = nil) { self.visits = visits; self.minutes = minutes; self.window = window }
}

/// One row of a territory's schedule: home at the start or end of a day, or a visit.
public struct ScheduledStop: Sendable, Equatable {
    /// The working day (0-based).
    public let day: Int
    /// The position in the day: 0 leaving home, 1... the visits, then the way back home.
    public let stop: Int
    /// The customer (row in the batch), nil for home.
    public let customer: Int?
    /// Where the stop is (lon/lat).
    public let location: Coordinate
    /// Arrival and departure, minutes after midnight (nil: leaving home has no arrival, coming
    /// back no departure).
    public let arrive: Double?, depart: Double?
    /// When the visit starts: on arrival, or when the customer opens if that is later (nil for
    /// home).
    public let visitStart: Double?
    /// The leg from the previous row: geodesic metres and drive seconds.
    public let legMetres: Double, legSeconds: Double
}

/// One territory's call cycle, scheduled.
public struct TerritoryCallCycle: Sendable {
    /// The territory (position in the map).
    public let territory: Int
    /// Its rows, by day and stop.
    public let stops: [ScheduledStop]
    /// The customers (rows in the batch) whose visits could not all be placed, each with the
    /// visits missing and the reason.
    public let unplaced: [(customer: Int, visitsMissing: Int, reason: String)]
    /// The days with visits.
    public var daysUsed: Int { Set(stops.map(\.day)).count }
    /// The visits placed.
    public var visits: Int { stops.filter { $0.customer != nil }.count }
    /// Drive metres (geodesic legs) and drive seconds in the cycle.
    public var driveMetres: Double { stops.reduce(0) { $0 + $1.legMetres } }
    /// Drive seconds in the cycle.
    public var driveSeconds: Double { stops.reduce(0) { $0 + $1.legSeconds } }
    /// Each working day's hours with visits (leaving home to coming back), in day order.
    public var dayHours: [Double] {
        Dictionary(grouping: stops, by: \.day).sorted { $0.key < $1.key }.map { _, rows in
            let start = rows.compactMap(\.depart).min() ?? 0, end = rows.compactMap(\.arrive).max() ?? 0
            return max(0, end - start) / 60
        }
    }
    /// Whether the optional time limit cut the search short.
    public let timeLimitReached: Bool
}

/// Schedules every territory's call cycle: its customers, at their visit frequency on days the
/// spacing rule allows, each day a route from the rep's home within the working day and the
/// customers' opening hours (``CallCycleScheduler`` per territory, drive times from the model,
/// known times or a road network).
public enum TerritoryCallCycles {
    /// The territories' schedules, in map order.
    /// - Parameters:
    ///   - map: the territories.
    ///   - customers: the customers.
    ///   - assignments: each customer's territory.
    ///   - needs: each customer's visits, minutes and window.
    ///   - homes: each territory's home (lon/lat).
    ///   - workingDays: for each territory, the cycle days its rep works (nil: all).
    ///   - settings: the cycle's days and hours.
    ///   - seconds: drive seconds between two points (the model, known times or roads), given
    ///     the points and their customers (nil for a home).
    ///   - options: effort, time limit and seed; the threads schedule territories side by side.
    ///   - progress: called with the territories done and their count, from any thread.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for a customer whose visits cannot fit
    ///   (more visits than days, a visit longer than the day, opening hours outside it).
    public static func schedule(
        map: TerritoryMap, customers: CustomerBatch, assignments: [Assignment], needs: [CustomerVisits], homes: [Coordinate],
        workingDays: [[Int]?], settings: CallCycleSettings,
        seconds: @escaping @Sendable ([Coordinate], [Int?]) throws -> [[Double]],
        options: ScheduleOptions = ScheduleOptions(), progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(TerritoryError) -> [TerritoryCallCycle] {
        let day = settings.dayMinutes
        for i in 0..<customers.count where assignments[i].territory != nil {
            let need = needs[i]
            if need.visits > settings.days {
                throw .invalidArgument(
                    "customer \(customers.id(i)) (line \(customers.line[i])): \(need.visits) visits do not fit \(settings.days) days")
            }
            if need.minutes > day {
                throw .invalidArgument(
                    "customer \(customers.id(i)) (line \(customers.line[i])): a visit of \(NumberText.shortest(need.minutes)) minutes is longer than the working day"
                )
            }
            if let w = need.window, w.open < settings.dayStart || w.close > settings.dayStart + day || w.open > w.close {
                throw .invalidArgument(
                    "customer \(customers.id(i)) (line \(customers.line[i])): its opening hours \(clock(w.open))-\(clock(w.close)) are outside the working day \(clock(settings.dayStart))-\(clock(settings.dayStart + day))"
                )
            }
        }
        var members = [[Int]](repeating: [], count: map.count)
        for (i, a) in assignments.enumerated() { if let t = a.territory { members[t].append(i) } }
        // Territories side by side, one search each: the schedule depends on the inputs and
        // the seed, not on how many threads share the work.
        let single = ScheduleOptions(iterationsPerStop: options.iterationsPerStop, timeLimit: options.timeLimit, seed: options.seed, threads: 1)
        let done = Locked(0)
        let members_ = members
        let out = try parallelMap(count: map.count, threads: max(1, options.threads)) { (t: Int) throws(TerritoryError) -> TerritoryCallCycle in
            let cycle = try schedule(
                territory: t, members: members_[t], customers: customers, needs: needs, home: homes[t], workingDays: workingDays[t],
                settings: settings, seconds: seconds, options: single)
            let finished = done.withLock { n -> Int in
                n += 1; return n
            }
            progress?(finished, map.count)
            return cycle
        }
        return out
    }

    /// One territory's schedule.
    static func schedule(
        territory t: Int, members list: [Int], customers: CustomerBatch, needs: [CustomerVisits], home: Coordinate, workingDays: [Int]?,
        settings: CallCycleSettings, seconds: ([Coordinate], [Int?]) throws -> [[Double]], options: ScheduleOptions
    ) throws(TerritoryError) -> TerritoryCallCycle {
        let day = settings.dayMinutes
        let geodesic = Geodesic.wgs84
        do {
            let points = [home] + list.map { Coordinate(x: customers.lon[$0], y: customers.lat[$0]) }
            let matrix: [[Double]]
            do { matrix = try seconds(points, [nil] + list.map { Optional($0) }) } catch let e as TerritoryError { throw e } catch {
                throw TerritoryError.invalidArgument("\(error)")
            }
            let minutes = matrix.map { $0.map { $0 / 60 } }
            let available = workingDays.map { days in (0..<settings.days).map { days.contains($0) } } ?? Array(repeating: true, count: settings.days)
            let stops = list.map { i -> CallCycleStop in
                let need = needs[i]
                let patterns = VisitPatterns.spaced(visits: need.visits, days: settings.days, slack: settings.spacingSlack)
                let window = need.window.map { VisitWindow(open: $0.open - settings.dayStart, close: $0.close - settings.dayStart) }
                return CallCycleStop(duration: need.minutes, demand: 1, patterns: patterns, window: window)
            }
            let limits = DayLimits(duration: day, load: settings.maxVisitsPerDay.map(Double.init) ?? .infinity)
            let problem = try CallCycleProblem(
                stops: stops, homes: 1, days: settings.days, vehiclesPerDay: 1, dayLimits: Array(repeating: limits, count: settings.days),
                available: [available])
            let schedule = CallCycleScheduler.schedule(problem, cost: { i, j in minutes[i][j] }, locations: points, options: options)
            var rows: [ScheduledStop] = []
            for (d, routes) in schedule.routes.enumerated() {
                guard let route = routes.first, !route.isEmpty else { continue }
                var clockTime = settings.dayStart, at = 0
                rows.append(
                    ScheduledStop(
                        day: d, stop: 0, customer: nil, location: points[0], arrive: nil, depart: clockTime, visitStart: nil, legMetres: 0,
                        legSeconds: 0))
                for (k, s) in route.enumerated() {
                    let place = s + 1
                    let leg = matrix[at][place]
                    clockTime += leg / 60
                    let arrive = clockTime
                    if let w = problem.stops[s].window, clockTime < w.open + settings.dayStart { clockTime = w.open + settings.dayStart }
                    let start = clockTime
                    clockTime += problem.stops[s].duration
                    rows.append(
                        ScheduledStop(
                            day: d, stop: k + 1, customer: list[s], location: points[place], arrive: arrive, depart: clockTime, visitStart: start,
                            legMetres: (try? geodesic.distance(from: points[at], to: points[place])) ?? 0, legSeconds: leg))
                    at = place
                }
                let back = matrix[at][0]
                rows.append(
                    ScheduledStop(
                        day: d, stop: route.count + 1, customer: nil, location: points[0], arrive: clockTime + back / 60, depart: nil,
                        visitStart: nil,
                        legMetres: (try? geodesic.distance(from: points[at], to: points[0])) ?? 0, legSeconds: back))
            }
            let unplaced = schedule.unplaced.map { (customer: list[$0.stop], visitsMissing: problem.stops[$0.stop].visits, reason: $0.reason) }
            return TerritoryCallCycle(territory: t, stops: rows, unplaced: unplaced, timeLimitReached: schedule.timeLimitReached)
        } catch let error as TerritoryError { throw error } catch { throw .invalidArgument("\(error)") }
    }

    /// Each territory's home: the one given (in map order), else its pole of inaccessibility
    /// (the centre of its largest inscribed circle, to about 10 m), where a rep of a territory
    /// without a known home starts the day.
    /// - Parameters:
    ///   - map: the territories.
    ///   - given: the known homes in map order (nil, or missing at the end: not known).
    /// - Throws: ``TerritoryError/geometry(_:)`` when GEOS fails.
    public static func homes(of map: TerritoryMap, given: [Coordinate?] = []) throws(TerritoryError) -> [Coordinate] {
        try wrapped {
            try map.territories.indices.map { t in
                if t < given.count, let home = given[t] { return home }
                return try map.territories[t].geometry.maximumInscribedCircle(tolerance: 1e-4).center
            }
        }
    }

    /// Minutes after midnight as `HH:MM` (rounded to the minute).
    public static func clock(_ minutes: Double) -> String {
        let m = Int(minutes.rounded())
        return String(format: "%02d:%02d", m / 60, m % 60)
    }
}

extension TerritoryWorkload {
    /// Each territory's workload as its call-cycle schedule has it, in hours per cycle: the
    /// visits placed, and the rest of its working days (driving, waiting for an opening).
    /// - Parameters:
    ///   - cycles: the territories' schedules (one per territory, in map order).
    ///   - needs: each customer's visit minutes.
    public static func fromSchedule(_ cycles: [TerritoryCallCycle], needs: [CustomerVisits]) -> [TerritoryWorkload] {
        cycles.map { c in
            let visit = c.stops.reduce(0.0) { $0 + ($1.customer.map { needs[$0].minutes } ?? 0) } / 60
            let scheduled = c.dayHours.reduce(0, +)
            return TerritoryWorkload(visitHours: visit, driveHours: max(0, scheduled - visit))
        }
    }
}
