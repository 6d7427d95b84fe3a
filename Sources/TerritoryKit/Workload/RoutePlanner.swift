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
    /// Drive seconds from the previous stop (0 for the first stop): from the road network when
    /// the planner has one, else the known time or the ``TravelModel``.
    public let legSeconds: Double
    /// Road metres from the previous stop: from the road network when the planner has one, else
    /// geodesic metres × circuity.
    public let legDriveMetres: Double
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
    /// The closing leg's road metres.
    public let returnDriveMetres: Double
    /// The whole closed tour in geodesic metres.
    public let tourMetres: Double
    /// The tour's road metres: the road network's, or geodesic × circuity.
    public let driveMetres: Double
    /// The tour's drive seconds: the road network's, or known times where the matrix lists a leg
    /// and the model elsewhere.
    public let driveSeconds: Double
    /// The Beardwood–Halton–Hammersley estimate of the tour, 0.7124·√(n·A) metres, for n stops
    /// spread over the territory's area A: what a closed-form workload model would have said.
    public let bhhMetres: Double
    /// Customers on the tour (the home not counted).
    public var customers: Int { stops.count - (stops.first?.customer == nil && !stops.isEmpty ? 1 : 0) }
}

/// Closed visiting tours through each territory's customers, on geodesic distances or road times.
///
/// Each territory's tour is solved by ``TourSolver`` (2-opt and Or-opt with neighbour lists,
/// then iterated local search), in parallel over territories, largest first. Without travel
/// times the tour minimises geodesic length. With a road network (``roads``, e.g. an
/// ``OSRMTable``) or known times (``times``) it minimises directed drive seconds: the symmetric
/// search runs on the mean of both directions to find the tour's shape, then a directed search
/// (2-opt priced with the reversed stretch's own cost, Or-opt, double-bridge kicks) treats
/// one-way differences exactly.
///
/// A road network is never asked for a large territory's whole matrix: a territory of up to
/// ``fullMatrixStops`` stops asks every pair; a larger one asks each stop's near candidates
/// (its nearest stops and the nearest of each quadrant, both directions), estimates other pairs
/// with the ``TravelModel`` scaled to the asked pairs' road/model ratio, then asks the legs of
/// the tour it found that it had estimated, and searches again when they differ, until every leg
/// of the tour is a road time. Every reported leg is the network's.
///
/// ## Example
/// ```swift
/// let map = try TerritoryMap.load(GeoJSONFile(URL(fileURLWithPath: "territories.geojson")))
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
    /// A road network giving every leg's time and distance (replacing the model and `times`).
    public var roads: (any RoadNetwork)?
    /// With ``roads``: territories of up to this many stops ask every pair; larger ones ask
    /// neighbour lists.
    public var fullMatrixStops = 250
    /// Search effort and seed.
    public var options: TourOptions
    /// Worker threads.
    public var threads: Int

    /// A planner with the given model, known times, road network, search options and threads.
    public init(
        model: TravelModel? = nil, times: TravelTimes? = nil, roads: (any RoadNetwork)? = nil, options: TourOptions = TourOptions(),
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.model = model ?? (try! TravelModel())  // the default values are valid
        self.times = times
        self.roads = roads
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
    ///   names no territory of the map, or a home is not a lon/lat point; the road network's
    ///   one-line error (unreachable, refusing, a stop far from any road, no route) as it is.
    public func routes(
        map: TerritoryMap, customers: CustomerBatch, assignments: [Assignment],
        homes: [Coordinate?] = [], progress: (@Sendable (_ fraction: Double) -> Void)? = nil
    ) throws(TerritoryError) -> [TerritoryRoute] {
        try wrapped {
            let members = try RoutePlanner.members(count: map.count, customers: customers, assignments: assignments, homes: homes)
            var areas: [Double] = []
            for t in map.territories { areas.append(try wrapped { try Geodesic.wgs84.area(t.geometry) }) }
            return try routes(members: members, areas: areas, ids: map.territories.map(\.id), customers: customers, homes: homes, progress: progress)
        }
    }

    /// One route per territory, `count` territories with no outlines: as
    /// ``routes(map:customers:assignments:homes:progress:)``, except that the BHH estimate, which
    /// needs each territory's area, is 0 (e.g. a plan of units being edited, not yet dissolved).
    /// - Throws: as the map version.
    public func routes(
        territoryCount count: Int, customers: CustomerBatch, assignments: [Assignment], homes: [Coordinate?] = [],
        progress: (@Sendable (_ fraction: Double) -> Void)? = nil
    ) throws(TerritoryError) -> [TerritoryRoute] {
        let members = try RoutePlanner.members(count: count, customers: customers, assignments: assignments, homes: homes)
        return try routes(
            members: members, areas: [Double](repeating: 0, count: count), ids: (0..<count).map { "\($0 + 1)" }, customers: customers,
            homes: homes, progress: progress)
    }

    /// Each territory's customers (rows of the batch), after checking the counts, the
    /// assignments and the homes.
    static func members(count: Int, customers: CustomerBatch, assignments: [Assignment], homes: [Coordinate?]) throws(TerritoryError) -> [[Int]] {
        guard assignments.count == customers.count else {
            throw .invalidArgument("\(assignments.count) assignments for \(customers.count) customers")
        }
        guard homes.isEmpty || homes.count == count else { throw .invalidArgument("\(homes.count) homes for \(count) territories") }
        for case let h? in homes where !(h.isFinite && abs(h.x) <= 180 && abs(h.y) <= 90) {
            throw .invalidArgument("home \(h) is not a lon/lat point")
        }
        var members = [[Int]](repeating: [], count: count)
        for (i, a) in assignments.enumerated() {
            guard let t = a.territory else { continue }
            guard t >= 0, t < count else { throw .invalidArgument("assignment to territory \(t) in a map of \(count)") }
            members[t].append(i)
        }
        return members
    }

    func routes(
        members: [[Int]], areas: [Double], ids: [String], customers: CustomerBatch, homes: [Coordinate?],
        progress: (@Sendable (_ fraction: Double) -> Void)?
    ) throws(TerritoryError) -> [TerritoryRoute] {
        let order = members.indices.sorted { members[$0].count > members[$1].count }
        let done = WorkCounter()
        // Tours cost about the square of their stops: the share of that work done.
        let work = max(1, members.reduce(0) { $0 + $1.count * $1.count })
        return try parallelMap(count: members.count, threads: threads, order: order) { (t: Int) throws(TerritoryError) -> TerritoryRoute in
            defer { if let progress { progress(Double(done.add(members[t].count * members[t].count)) / Double(work)) } }
            return try route(
                territory: t, members: members[t], customers: customers, home: homes.isEmpty ? nil : homes[t], area: areas[t], name: ids[t])
        }
    }

    /// The route of one territory (`name` is its id, for errors about its home).
    func route(
        territory: Int, members: [Int], customers: CustomerBatch, home: Coordinate?, area: Double, name: String
    ) throws(TerritoryError) -> TerritoryRoute {
        let offset = home == nil ? 0 : 1
        var points: [Coordinate] = home.map { [$0] } ?? []
        for i in members { points.append(Coordinate(x: customers.lon[i], y: customers.lat[i])) }
        let n = points.count
        let ids: [String?] = (home == nil ? [] : [nil]) + members.map { customers.id($0) }
        let geodesic = Geodesic.wgs84
        let metres: (Int, Int) -> Double = { i, j in (try? geodesic.distance(from: points[i], to: points[j])) ?? 0 }
        let model = self.model
        var order: [Int]
        var legs: [(m: Double, s: Double, road: Double)] = []
        if roads == nil, times.map({ $0.count == 0 }) ?? true {
            // Geodesic only: the symmetric search is exact.
            order = TourSolver.solve(points, start: 0, options: options, cost: metres)
            for k in 0..<n {
                let m = n > 1 ? metres(order[k], order[(k + 1) % n]) : 0
                legs.append((m, model.driveSeconds(geodesic: m), model.driveMetres(geodesic: m)))
            }
        } else {
            let known = KnownLegs()
            let names = ids.map { $0.map { "customer \($0)" } ?? "the home of territory \(name)" }
            if let roads, n > 1 {
                let wanted = n <= fullMatrixStops ? RoutePlanner.allPairs(n) : RoutePlanner.candidatePairs(points, options: options)
                known.add(wanted, try roads.legs(wanted, among: points, names: names))
                known.calibrate { i, j in model.driveSeconds(geodesic: metres(i, j)) }
            }
            let times = self.times
            // Directed seconds: the road network's, a listed time, or the model scaled to the road
            // network's pairs. A pair the road network was not asked is taken half as long again
            // as that: a guess that is too kind draws the search to legs that turn out slow (on
            // Monaco's one-way streets, tours came out 14-22% longer than LKH-3's with plain
            // guesses), while a good tour seldom needs a pair outside the near candidates.
            let seconds: (Int, Int) -> Double = { i, j in
                if let leg = known[i, j] { return leg.seconds }
                if let times, let a = ids[i], let b = ids[j], let listed = times.seconds(from: a, to: b) { return listed }
                return model.driveSeconds(geodesic: metres(i, j)) * (roads == nil ? 1 : known.scale * 1.5)
            }
            order = TourSolver.solve(points, start: 0, options: options, directed: true, cost: seconds)
            if let roads, n > 1 {
                // Legs the search estimated: ask them, and search again (with a quarter of the
                // kicks: the tour is nearly settled) while they change the answer.
                var again = options
                again.kicksPerStop = max(1, options.kicksPerStop / 4)
                for round in 0..<4 {
                    let missing = (0..<n).map { RoadPair(order[$0], order[($0 + 1) % n]) }.filter { known[Int($0.from), Int($0.to)] == nil }
                    if missing.isEmpty { break }
                    let estimated = missing.map { seconds(Int($0.from), Int($0.to)) }
                    let fetched = try roads.legs(missing, among: points, names: names)
                    known.add(missing, fetched)
                    let changed = zip(estimated, fetched).contains { abs($0 - $1.seconds) > 0.01 * max(1, $1.seconds) }
                    if !changed || round == 3 { continue }
                    order = TourSolver.improve(order, stops: points, start: 0, options: again, cost: seconds)
                }
            }
            for k in 0..<n {
                let i = order[k], j = order[(k + 1) % n]
                let m = n > 1 ? metres(i, j) : 0
                let road = known[i, j]?.metres ?? model.driveMetres(geodesic: m)
                legs.append((m, n > 1 ? seconds(i, j) : 0, n > 1 ? road : 0))
            }
        }
        // legs[k] runs from stop k to stop k+1; stop k's own leg is the one arriving at it.
        var stops: [RouteStop] = []
        for k in 0..<n {
            let arriving = k == 0 ? (m: 0.0, s: 0.0, road: 0.0) : legs[k - 1]
            let i = order[k]
            stops.append(
                RouteStop(
                    customer: i < offset ? nil : members[i - offset], location: points[i],
                    legMetres: arriving.m, legSeconds: arriving.s, legDriveMetres: arriving.road))
        }
        let closing = n > 0 ? legs[n - 1] : (m: 0.0, s: 0.0, road: 0.0)
        return TerritoryRoute(
            territory: territory, stops: stops, returnMetres: closing.m, returnSeconds: closing.s, returnDriveMetres: closing.road,
            tourMetres: legs.reduce(0) { $0 + $1.m }, driveMetres: legs.reduce(0) { $0 + $1.road },
            driveSeconds: legs.reduce(0) { $0 + $1.s }, bhhMetres: 0.7124 * (Double(n) * area).squareRoot())
    }

    /// Every ordered pair of `n` stops.
    static func allPairs(_ n: Int) -> [RoadPair] {
        var pairs: [RoadPair] = []
        pairs.reserveCapacity(n * (n - 1))
        for i in 0..<n { for j in 0..<n where i != j { pairs.append(RoadPair(i, j)) } }
        return pairs
    }

    /// Each stop's candidates as the tour searches see them (nearest stops and the nearest of
    /// each quadrant), in both directions, sources in space-filling order so that the road
    /// network's blocks hold nearby stops.
    static func candidatePairs(_ points: [Coordinate], options: TourOptions) -> [RoadPair] {
        let index = NearestStops(points)
        let k = max(1, min(options.neighbours, points.count - 1))
        var out: [Int32: [Int32]] = [:]
        for s in 0..<points.count {
            // The directed search's widened list, which it ranks by road time.
            for j in index.widenedCandidates(of: s, k: k) {
                out[Int32(s), default: []].append(j)
                out[j, default: []].append(Int32(s))
            }
        }
        var pairs: [RoadPair] = []
        for s in HilbertOrder.of(points) {
            for j in Set(out[s] ?? []).sorted() { pairs.append(RoadPair(Int(s), Int(j))) }
        }
        return pairs
    }
}

/// The road legs one territory's search has asked so far, and the scale that turns model seconds
/// into road seconds for pairs not asked (the asked pairs' ratio of road to model time).
private final class KnownLegs {
    private var legs: [UInt64: RoadLeg] = [:]
    private(set) var scale = 1.0

    private static func key(_ i: Int, _ j: Int) -> UInt64 { UInt64(UInt32(i)) << 32 | UInt64(UInt32(j)) }

    subscript(i: Int, j: Int) -> RoadLeg? { legs[KnownLegs.key(i, j)] }

    func add(_ pairs: [RoadPair], _ found: [RoadLeg]) {
        for (p, leg) in zip(pairs, found) { legs[KnownLegs.key(Int(p.from), Int(p.to))] = leg }
    }

    func calibrate(model: (Int, Int) -> Double) {
        var road = 0.0, estimate = 0.0
        for (key, leg) in legs {
            road += leg.seconds
            estimate += model(Int(key >> 32), Int(key & 0xFFFF_FFFF))
        }
        if road > 0, estimate > 0 { scale = road / estimate }
    }
}
