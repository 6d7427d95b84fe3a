/// A call cycle to schedule: stops that need visits on some of the cycle's days, the vehicles
/// (reps) that leave home each day, and each day's limits. The scheduler knows only this and a
/// cost between places: where the places are, in which CRS, and what a cost means (metres,
/// seconds) is the caller's.
///
/// Places are numbered: `0..<homes.count` are the homes (one per vehicle of a day; all the same
/// for one depot), then the stops in order. The periodic vehicle routing problem (PVRP) of
/// Cordeau, Gendreau & Laporte is this with one home.
///
/// ## Example
/// ```swift
/// let problem = try CallCycleProblem(
///     stops: [CallCycleStop(duration: 30, demand: 0, patterns: VisitPatterns.spaced(visits: 2, days: 10, slack: 1))],
///     homes: 1, days: 10, vehiclesPerDay: 1, dayLimits: Array(repeating: DayLimits(duration: 480), count: 10))
/// ```
public struct CallCycleProblem: Sendable {
    /// The stops, in order (place `homes + k` is stop `k`).
    public let stops: [CallCycleStop]
    /// The number of homes, one per vehicle of a day, or 1 when every vehicle leaves the same
    /// depot.
    public let homes: Int
    /// The working days of the cycle.
    public let days: Int
    /// Vehicles (routes) per day at most.
    public let vehiclesPerDay: Int
    /// Each day's limits on a route.
    public let dayLimits: [DayLimits]
    /// The days each vehicle works (vehicle v on day d when `available[v][d]`); every vehicle
    /// every day by default. A part-time rep works some.
    public let available: [[Bool]]

    /// A problem.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` when the counts disagree, a stop has no
    ///   allowed pattern, a pattern names a day outside the cycle or the wrong number of days, a
    ///   duration, demand or window is negative or not finite, or a window is empty.
    public init(
        stops: [CallCycleStop], homes: Int, days: Int, vehiclesPerDay: Int, dayLimits: [DayLimits], available: [[Bool]]? = nil
    ) throws(TerritoryError) {
        guard days >= 1, days <= 64 else { throw .invalidArgument("a cycle has 1 to 64 days, not \(days)") }
        guard vehiclesPerDay >= 1 else { throw .invalidArgument("at least one vehicle a day is needed") }
        guard homes == 1 || homes == vehiclesPerDay else {
            throw .invalidArgument("\(homes) homes for \(vehiclesPerDay) vehicles a day: give one depot or one home per vehicle")
        }
        guard dayLimits.count == days else { throw .invalidArgument("\(dayLimits.count) day limits for \(days) days") }
        let available = available ?? Array(repeating: Array(repeating: true, count: days), count: vehiclesPerDay)
        guard available.count == vehiclesPerDay, available.allSatisfy({ $0.count == days }) else {
            throw .invalidArgument("the vehicles' working days must give every vehicle every day")
        }
        for (k, stop) in stops.enumerated() {
            guard !stop.patterns.isEmpty else { throw .invalidArgument("stop \(k) has no allowed visit pattern") }
            for p in stop.patterns {
                guard p != 0, p >> UInt64(days) == 0 else {
                    throw .invalidArgument("stop \(k): pattern \(p) names a day outside the \(days)-day cycle")
                }
                guard p.nonzeroBitCount == stop.visits else {
                    throw .invalidArgument("stop \(k): pattern \(p) has \(p.nonzeroBitCount) days for \(stop.visits) visits")
                }
            }
            guard stop.duration.isFinite, stop.duration >= 0, stop.demand.isFinite, stop.demand >= 0 else {
                throw .invalidArgument("stop \(k): its duration and demand must be numbers >= 0")
            }
            if let w = stop.window, !(w.open.isFinite && w.close.isFinite && w.open <= w.close && w.open >= 0) {
                throw .invalidArgument("stop \(k): its opening window \(w.open)-\(w.close) is empty")
            }
        }
        self.stops = stops; self.homes = homes; self.days = days; self.vehiclesPerDay = vehiclesPerDay
        self.dayLimits = dayLimits; self.available = available
    }

    /// The place number of stop `k`.
    @inline(__always) public func place(ofStop k: Int) -> Int { homes + k }
    /// The place number of vehicle `v`'s home.
    @inline(__always) public func home(ofVehicle v: Int) -> Int { homes == 1 ? 0 : v }
}

/// A stop of a call cycle: its visit time, what it takes from the vehicle, how often and on
/// which days it is visited, and when it is open.
public struct CallCycleStop: Sendable, Equatable {
    /// Time at the stop, in the cost's unit of time.
    public var duration: Double
    /// What a visit takes from the vehicle's capacity.
    public var demand: Double
    /// Visits in the cycle.
    public var visits: Int { patterns.first?.nonzeroBitCount ?? 0 }
    /// The allowed day patterns: bit d set for a visit on day d (day 0 the cycle's first).
    public var patterns: [UInt64]
    /// When the stop is open, in the day's time from its start (a visit starts inside it); nil:
    /// all day.
    public var window: VisitWindow?

    /// A stop.
    public init(duration: Double, demand: Double, patterns: [UInt64], window: VisitWindow? = nil) {
        self.duration = duration; self.demand = demand; self.patterns = patterns; self.window = window
    }
}

/// When a stop is open: a visit starts no earlier than `open` and no later than `close`, in the
/// day's time from its start.
public struct VisitWindow: Sendable, Equatable {
    /// The earliest start of a visit.
    public var open: Double
    /// The latest start of a visit.
    public var close: Double
    /// A window.
    public init(open: Double, close: Double) { self.open = open; self.close = close }
}

/// What one route may take on a day: its duration (travel, waiting and visits, from leaving
/// home to coming back) and its load. Infinity: no limit.
public struct DayLimits: Sendable, Equatable {
    /// The longest route, in the cost's unit of time.
    public var duration: Double
    /// The largest load.
    public var load: Double
    /// Limits; none by default.
    public init(duration: Double = .infinity, load: Double = .infinity) { self.duration = duration; self.load = load }
}

/// Day patterns for visits.
public enum VisitPatterns {
    /// Every choice of `visits` days out of `days` whose consecutive visits are at least
    /// ⌊days / visits⌋ − `slack` days apart (at least 1), in increasing order of the pattern's
    /// value: the spacing rule of a call cycle (an A account weekly, a C account once a month).
    /// - Parameters:
    ///   - visits: visits in the cycle (1 or more, at most `days`).
    ///   - days: the working days of the cycle (at most 64).
    ///   - slack: how many days closer than even spacing two visits may be.
    ///   - limit: stop after this many patterns (the least regular ones are left out first:
    ///     patterns are enumerated from the evenly spaced ones outward).
    public static func spaced(visits: Int, days: Int, slack: Int, limit: Int = 4096) -> [UInt64] {
        guard visits >= 1, visits <= days, days <= 64 else { return [] }
        let gap = max(1, days / visits - max(0, slack))
        var out: [UInt64] = []
        // Depth-first over the first day, then each next day at least `gap` later.
        func extend(_ pattern: UInt64, last: Int, left: Int) {
            if out.count >= limit { return }
            if left == 0 { out.append(pattern); return }
            var d = last + gap
            while d + (left - 1) * gap < days {
                extend(pattern | (1 << UInt64(d)), last: d, left: left - 1)
                d += 1
            }
        }
        for first in 0..<days where first + (visits - 1) * gap < days {
            extend(1 << UInt64(first), last: first, left: visits - 1)
        }
        return out.sorted()
    }

    /// The days of a pattern, in order.
    public static func days(of pattern: UInt64) -> [Int] {
        var out: [Int] = []
        var p = pattern
        while p != 0 {
            let d = p.trailingZeroBitCount
            out.append(d)
            p &= p - 1
        }
        return out
    }
}
