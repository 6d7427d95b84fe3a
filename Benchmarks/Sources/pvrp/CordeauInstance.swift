import Foundation
import TerritoryKit

/// A periodic vehicle routing instance in Cordeau's format (type 1), read into the library's
/// call-cycle problem: the depot is place 0, customer i place i; costs are Euclidean distances in
/// double precision; a route's duration is its travel and visits.
struct CordeauInstance {
    let name: String
    let vehiclesPerDay: Int
    let days: Int
    let points: [(x: Double, y: Double)]
    let problem: CallCycleProblem

    /// Reads an instance file.
    /// - Throws: a message naming the file and what is wrong.
    init(contentsOf url: URL) throws {
        name = url.deletingPathExtension().lastPathComponent
        let numbers = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isWhitespace).map { token -> Double in
            guard let v = Double(token) else { throw CordeauError("\(url.path): \"\(token)\" is not a number") }
            return v
        }
        var at = 0
        func next() throws -> Double {
            guard at < numbers.count else { throw CordeauError("\(url.path): the file ends early") }
            defer { at += 1 }
            return numbers[at]
        }
        guard try next() == 1 else { throw CordeauError("\(url.path): not a PVRP instance (type 1)") }
        vehiclesPerDay = Int(try next())
        let customers = Int(try next())
        days = Int(try next())
        var limits: [DayLimits] = []
        for _ in 0..<days {
            let duration = try next(), load = try next()
            limits.append(DayLimits(duration: duration == 0 ? .infinity : duration, load: load == 0 ? .infinity : load))
        }
        var points: [(Double, Double)] = []
        var stops: [CallCycleStop] = []
        for i in 0...customers {
            _ = try next()  // the number
            let x = try next(), y = try next(), duration = try next(), demand = try next()
            let visits = Int(try next()), count = Int(try next())
            var patterns: [UInt64] = []
            for _ in 0..<count {
                // A t-bit string read left to right as days 1..t: day j is bit t - j.
                let value = UInt64(try next())
                var pattern: UInt64 = 0
                for day in 0..<days where (value >> UInt64(days - 1 - day)) & 1 == 1 { pattern |= 1 << UInt64(day) }
                patterns.append(pattern)
            }
            points.append((x, y))
            if i > 0 {
                guard patterns.allSatisfy({ $0.nonzeroBitCount == visits }) else {
                    throw CordeauError("\(url.path): customer \(i) has a pattern of the wrong number of days")
                }
                stops.append(CallCycleStop(duration: duration, demand: demand, patterns: patterns))
            }
        }
        self.points = points
        problem = try CallCycleProblem(stops: stops, homes: 1, days: days, vehiclesPerDay: vehiclesPerDay, dayLimits: limits)
    }

    /// The Euclidean distance between places.
    func distance(_ i: Int, _ j: Int) -> Double {
        let dx = points[i].x - points[j].x, dy = points[i].y - points[j].y
        return (dx * dx + dy * dy).squareRoot()
    }

    /// A schedule in Cordeau's `.res` format: the total travel, then one line per route
    /// `day vehicle duration load 0 c1 c2 ... 0` (days and vehicles from 1).
    func resText(_ schedule: CallCycleSchedule) -> String {
        var lines: [String] = []
        var total = 0.0
        for (d, routes) in schedule.routes.enumerated() {
            for (v, route) in routes.enumerated() where !route.isEmpty {
                let places = [0] + route.map { $0 + 1 } + [0]
                var travel = 0.0
                for k in 1..<places.count { travel += distance(places[k - 1], places[k]) }
                total += travel
                let service = route.reduce(0.0) { $0 + problem.stops[$1].duration }
                let load = route.reduce(0.0) { $0 + problem.stops[$1].demand }
                lines.append(
                    "\(d + 1) \(v + 1) \(String(format: "%.2f", travel + service)) \(Int(load)) " + places.map(String.init).joined(separator: " "))
            }
        }
        return String(format: "%.2f\n", total) + lines.joined(separator: "\n") + "\n"
    }
}

struct CordeauError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
