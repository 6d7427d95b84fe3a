import Foundation
import GEOS
import PROJ

/// One stop of a route.
public struct RouteStop: Sendable, Equatable {
    /// The customer's row in the batch routed, or nil for the rep's home.
    public let customer: Int?
    /// Where the stop is (lon/lat).
    public let location: Coordinate
    /// Geodesic metres from the previous stop (0 for the first stop).
    public let legMetres: Double
    /// Drive seconds from the previous stop (0 for the first stop).
    public let legSeconds: Double
}

/// A territory's closed visiting tour and what driving it costs.
public struct TerritoryRoute: Sendable {
    /// The territory's index in the map.
    public let territory: Int
    /// The stops in visiting order; the home first when known. The tour returns from the last
    /// stop to the first.
    public let stops: [RouteStop]
    /// The closing leg, from the last stop back to the first: geodesic metres and drive seconds.
    public let returnMetres: Double, returnSeconds: Double
    /// The whole closed tour in geodesic metres.
    public let tourMetres: Double
    /// The tour's road metres (geodesic × circuity).
    public let driveMetres: Double
    /// The tour's drive seconds (known times where the matrix lists a leg, the model elsewhere).
    public let driveSeconds: Double
    /// The Beardwood–Halton–Hammersley estimate of the tour, 0.7124·√(n·A) metres, for n stops
    /// spread over the territory's area A: what a closed-form workload model would have said.
    public let bhhMetres: Double
    /// Customers on the tour (the home not counted).
    public var customers: Int { stops.count - (stops.first?.customer == nil && !stops.isEmpty ? 1 : 0) }
}

/// Closed visiting tours through each territory's customers, on geodesic distances.
///
/// Each territory's tour is solved by ``TourSolver`` (2-opt and Or-opt with neighbour lists,
/// then iterated local search), in parallel over territories, largest first. Without a travel
/// time matrix the tour minimises geodesic length; with one it minimises drive seconds, where
/// listed pairs take their known time (the mean of both directions while searching, since the
/// search needs symmetric costs) and the others the ``TravelModel``; the finished tour is then
/// driven in whichever direction is quicker by the listed, directed times.
///
/// ## Example
/// ```swift
/// let map = try TerritoryMap.load(contentsOf: URL(fileURLWithPath: "territories.geojson"))
/// let customers = try CustomerCSVReader(contentsOf: URL(fileURLWithPath: "customers.csv")).readAll()
/// let assignments = try TerritoryAssigner(map: map).assign(customers)
/// let routes = try RoutePlanner().routes(map: map, customers: customers, assignments: assignments)
/// print(routes[0].tourMetres / 1000, "km")
/// ```
public struct RoutePlanner: Sendable {
    /// Circuity and speed.
    public var model: TravelModel
    /// Known travel times between customers (by id), replacing the model for the pairs listed.
    public var times: TravelTimes?
    /// Search effort and seed.
    public var options: TourOptions
    /// Worker threads.
    public var threads: Int

    /// A planner with the given model, known times, search options and threads.
    public init(
        model: TravelModel? = nil, times: TravelTimes? = nil, options: TourOptions = TourOptions(),
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.model = model ?? (try! TravelModel())  // the default values are valid
        self.times = times
        self.options = options
        self.threads = max(1, threads)
    }

    /// One route per territory of `map`, in map order, through the customers assigned to it.
    /// - Parameters:
    ///   - map: the territories (their areas give the BHH estimate).
    ///   - customers: the customers to visit.
    ///   - assignments: one per customer of `customers` (unassigned customers are left out).
    ///   - homes: one optional start per territory (the rep's home), or empty for none.
    ///   - progress: called from the worker threads with the share of the tour work done (0...1).
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` when the counts differ, an assignment
    ///   names no territory of the map, or a home is not a lon/lat point.
    public func routes(
        map: TerritoryMap, customers: CustomerBatch, assignments: [Assignment],
        homes: [Coordinate?] = [], progress: (@Sendable (_ fraction: Double) -> Void)? = nil
    ) throws(TerritoryError) -> [TerritoryRoute] {
        try wrapped {
            guard assignments.count == customers.count else {
                throw TerritoryError.invalidArgument("\(assignments.count) assignments for \(customers.count) customers")
            }
            guard homes.isEmpty || homes.count == map.count else {
                throw TerritoryError.invalidArgument("\(homes.count) homes for \(map.count) territories")
            }
            for case let h? in homes where !(h.isFinite && abs(h.x) <= 180 && abs(h.y) <= 90) {
                throw TerritoryError.invalidArgument("home \(h) is not a lon/lat point")
            }
            var members = [[Int]](repeating: [], count: map.count)
            for (i, a) in assignments.enumerated() {
                guard let t = a.territory else { continue }
                guard t >= 0, t < map.count else { throw TerritoryError.invalidArgument("assignment to territory \(t) in a map of \(map.count)") }
                members[t].append(i)
            }
            var areas: [Double] = []
            for t in map.territories { areas.append(try wrapped { try Geodesic.wgs84.area(t.geometry) }) }
            let order = members.indices.sorted { members[$0].count > members[$1].count }
            let (groups, territoryAreas) = (members, areas)
            let results = RouteResults(count: map.count)
            let next = WorkCounter(), done = WorkCounter()
            // Tours cost about the square of their stops: the share of that work done.
            let work = max(1, members.reduce(0) { $0 + $1.count * $1.count })
            let threads = min(self.threads, max(1, map.count))
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                while let k = next.take(below: order.count) {
                    let t = order[k]
                    defer { if let progress { progress(Double(done.add(groups[t].count * groups[t].count)) / Double(work)) } }
                    results.set(
                        t,
                        route(
                            territory: t, members: groups[t], customers: customers,
                            home: homes.isEmpty ? nil : homes[t], area: territoryAreas[t]))
                }
            }
            return results.all()
        }
    }

    /// The route of one territory.
    func route(territory: Int, members: [Int], customers: CustomerBatch, home: Coordinate?, area: Double) -> TerritoryRoute {
        let offset = home == nil ? 0 : 1
        var points: [Coordinate] = home.map { [$0] } ?? []
        for i in members { points.append(Coordinate(x: customers.lon[i], y: customers.lat[i])) }
        let n = points.count
        let ids: [String?] = (home == nil ? [] : [nil]) + members.map { customers.id($0) }
        let geodesic = Geodesic.wgs84
        let metres: (Int, Int) -> Double = { i, j in (try? geodesic.distance(from: points[i], to: points[j])) ?? 0 }
        let model = self.model, times = self.times
        // Directed drive seconds of a leg: the known time when listed, the model otherwise.
        let seconds: (Int, Int, Double) -> Double = { i, j, m in
            if let times, let a = ids[i], let b = ids[j], let known = times.seconds(from: a, to: b) { return known }
            return model.driveSeconds(geodesic: m)
        }
        var order: [Int]
        if let times, times.count > 0 {
            order = TourSolver.solve(points, start: 0, options: options) { i, j in
                let m = metres(i, j)
                return (seconds(i, j, m) + seconds(j, i, m)) / 2
            }
        } else {
            order = TourSolver.solve(points, start: 0, options: options, cost: metres)
        }
        var legs: [(m: Double, s: Double)] = []
        func drive(_ order: [Int]) -> (legs: [(m: Double, s: Double)], seconds: Double) {
            var out: [(m: Double, s: Double)] = [], total = 0.0
            for k in 0..<n {
                let i = order[k], j = order[(k + 1) % n]
                let m = n > 1 ? metres(i, j) : 0
                let s = n > 1 ? seconds(i, j, m) : 0
                out.append((m, s)); total += s
            }
            return (out, total)
        }
        let forward = drive(order)
        legs = forward.legs
        if times != nil, n > 2 {
            let backward = [order[0]] + order[1...].reversed()
            let other = drive(backward)
            if other.seconds < forward.seconds - 1e-9 { order = backward; legs = other.legs }
        }
        // legs[k] runs from stop k to stop k+1; stop k's own leg is the one arriving at it.
        var stops: [RouteStop] = []
        for k in 0..<n {
            let arriving = k == 0 ? (m: 0.0, s: 0.0) : legs[k - 1]
            let i = order[k]
            stops.append(
                RouteStop(
                    customer: i < offset ? nil : members[i - offset], location: points[i],
                    legMetres: arriving.m, legSeconds: arriving.s))
        }
        let closing = n > 0 ? legs[n - 1] : (m: 0.0, s: 0.0)
        let tour = legs.reduce(0) { $0 + $1.m }
        let drive = legs.reduce(0) { $0 + $1.s }
        return TerritoryRoute(
            territory: territory, stops: stops, returnMetres: closing.m, returnSeconds: closing.s,
            tourMetres: tour, driveMetres: model.driveMetres(geodesic: tour), driveSeconds: drive,
            bhhMetres: 0.7124 * (Double(n) * area).squareRoot())
    }
}

/// Results filled by the workers. `@unchecked Sendable`: every access holds `lock`.
private final class RouteResults: @unchecked Sendable {
    private let lock = NSLock()
    private var routes: [TerritoryRoute?]
    init(count: Int) { routes = Array(repeating: nil, count: count) }
    func set(_ t: Int, _ r: TerritoryRoute) { lock.lock(); routes[t] = r; lock.unlock() }
    func all() -> [TerritoryRoute] { lock.lock(); defer { lock.unlock() }; return routes.map { $0! } }
}
