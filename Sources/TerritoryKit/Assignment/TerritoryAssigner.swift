import Foundation
import GEOS
import PROJ

/// What to do when several territories cover a customer.
public enum BorderPolicy: Sendable, Equatable {
    /// The earliest territory in map order owns the point; the others are not listed.
    case firstInOrder
    /// The earliest territory owns the point, and every covering territory is listed in ``Assignment/owners``.
    case reportAllOwners
}

/// How points are tested against territories. Both give identical answers (tested point for point).
public enum AssignmentEngine: Sendable, Equatable {
    /// The library's own edge-stripe index with exact orientation: the fast path (default).
    case indexed
    /// GEOS: an STRtree of territory envelopes and prepared geometries, one set per worker.
    case geos
}

/// How a customer came to its territory (or not).
public enum AssignmentStatus: String, Sendable, Equatable, CaseIterable {
    /// Inside exactly one territory.
    case interior
    /// On the outer boundary of exactly one territory (the edge of the covered area).
    case boundary
    /// On a border shared by several territories, inside at most one of them: the earliest owns it.
    case borderTie = "border_tie"
    /// Inside two or more territories (they overlap there): the earliest owns it.
    case conflict
    /// Covered by none, given to the nearest territory within the allowed distance.
    case nearest
    /// Covered by none (and none near enough, if nearest was asked for).
    case unassigned
    /// A key account: owned by the territory the accounts file names, wherever it lies (see
    /// ``KeyAccounts``).
    case account
}

/// The territory a customer belongs to.
public struct Assignment: Sendable, Equatable {
    /// The owning territory's position in the map, or nil when unassigned.
    public var territory: Int?
    /// How the owner was decided.
    public var status: AssignmentStatus
    /// Geodesic distance in metres to the owner, for ``AssignmentStatus/nearest`` assignments.
    public var distance: Double?
    /// Every covering territory in map order, with ``BorderPolicy/reportAllOwners``; otherwise empty.
    public var owners: [Int]

    /// An assignment.
    public init(territory: Int?, status: AssignmentStatus, distance: Double? = nil, owners: [Int] = []) {
        self.territory = territory; self.status = status; self.distance = distance; self.owners = owners
    }
}

/// An assignment without its owners list: what the hot paths carry (an ``Assignment`` holds an
/// array, whose reference count every row would update).
struct Placement {
    /// The owning territory, or -1.
    var territory: Int
    var status: AssignmentStatus
    var distance: Double?
}

extension Assignment {
    init(_ p: Placement, owners: [Int]) {
        self.init(territory: p.territory < 0 ? nil : p.territory, status: p.status, distance: p.distance, owners: owners)
    }
}

/// Options for ``TerritoryAssigner``.
public struct AssignmentOptions: Sendable, Equatable {
    /// The rule for points covered by several territories.
    public var policy: BorderPolicy = .firstInOrder
    /// When set, uncovered points go to the nearest territory within this geodesic distance (m).
    public var nearestWithin: Double?
    /// The point-in-polygon engine.
    public var engine: AssignmentEngine = .indexed
    /// The defaults: first in order, no nearest fallback, indexed engine.
    public init(policy: BorderPolicy = .firstInOrder, nearestWithin: Double? = nil, engine: AssignmentEngine = .indexed) {
        self.policy = policy; self.nearestWithin = nearestWithin; self.engine = engine
    }
}

/// Counts of a run of assignments.
public struct AssignmentSummary: Sendable, Equatable {
    /// Points given a territory (nearest included).
    public var assigned = 0
    /// Points left without one.
    public var unassigned = 0
    /// Points on shared borders.
    public var borderTies = 0
    /// Points inside several territories.
    public var conflicts = 0
    /// Points given to the nearest territory.
    public var nearest = 0
    /// Key accounts given to their named territory (see ``KeyAccounts``).
    public var accounts = 0
    /// An empty summary.
    public init() {}

    /// Adds one assignment.
    public mutating func add(_ a: Assignment) {
        add(Placement(territory: a.territory ?? -1, status: a.status, distance: a.distance))
    }

    /// Adds one assignment given as a ``Placement``.
    @inline(__always)
    mutating func add(_ p: Placement) {
        if p.territory >= 0 { assigned += 1 } else { unassigned += 1 }
        switch p.status {
        case .borderTie: borderTies += 1
        case .conflict: conflicts += 1
        case .nearest: nearest += 1
        case .account: accounts += 1
        default: break
        }
    }

    /// Adds another summary's counts.
    public mutating func add(_ other: AssignmentSummary) {
        assigned += other.assigned; unassigned += other.unassigned; borderTies += other.borderTies
        conflicts += other.conflicts; nearest += other.nearest; accounts += other.accounts
    }
}

/// Assigns customer points (lon/lat) to the territories of a map.
///
/// **The border rule.** A point belongs to a territory that *covers* it: inside, or exactly on
/// its boundary. When several territories cover a point, the earliest in map order owns it, and
/// the result says whether that was a border tie (the point is on a shared border, inside at most
/// one of them) or a conflict (inside two or more: the territories overlap). A point covered by
/// none is unassigned, or, with ``AssignmentOptions/nearestWithin``, goes to the nearest territory
/// within that many metres (geodesic distance to the nearest point of its boundary).
///
/// The assigner is immutable and `Sendable`: one instance serves every thread.
///
/// ## Example
/// ```swift
/// let assigner = try TerritoryAssigner(map: map)
/// let a = assigner.assign(lon: -78.64, lat: 35.78)            // Assignment(territory: 4, status: .interior)
/// print(assigner.territoryID(of: a) ?? "unassigned")
/// let all = try assigner.assign(customers, threads: 2)       // one per customer, in order
/// ```
/// - Throws: ``TerritoryError/invalidArgument(_:)`` from the initialiser for a negative or
///   non-finite nearest distance, and from the batch methods for arrays of different lengths.
public struct TerritoryAssigner: Sendable {
    /// The map assigned to.
    public let map: TerritoryMap
    /// The options in force.
    public let options: AssignmentOptions
    private let locators: [PolygonLocator]
    private let table: LocatorTable
    private let grid: TerritoryGrid

    /// Indexes `map` for assignment.
    public init(map: TerritoryMap, options: AssignmentOptions = AssignmentOptions()) throws(TerritoryError) {
        self = try wrapped { try TerritoryAssigner(indexing: map, options: options) }
    }

    /// The work of the public initialiser above, whose errors that one converts.
    init(indexing map: TerritoryMap, options: AssignmentOptions) throws {
        if let d = options.nearestWithin, !(d >= 0 && d.isFinite) {
            throw TerritoryError.invalidArgument("nearest distance must be a finite number of metres >= 0, got \(d)")
        }
        self.map = map
        self.options = options
        locators = try map.territories.map { try PolygonLocator($0.geometry) }
        table = LocatorTable(locators)
        grid = TerritoryGrid(locators: locators)
    }

    // MARK: One point

    /// The assignment of one point (indexed engine).
    @inline(__always)
    public func assign(lon: Double, lat: Double) -> Assignment {
        let cover = self.cover(lon: lon, lat: lat)
        var owners: [Int] = []
        if options.policy == .reportAllOwners, cover.covering > 0 {
            owners = cover.covering == 1 ? [cover.first] : coveringTerritories(lon: lon, lat: lat)
        }
        return Assignment(placement(cover, lon: lon, lat: lat), owners: owners)
    }

    /// Which territories cover a point, counted: what every assignment is decided from.
    struct Cover {
        /// The earliest covering territory, or -1.
        var first: Int
        /// Territories covering the point (inside or on the boundary).
        var covering: Int
        /// Territories with the point strictly inside.
        var interiors: Int
    }

    /// The point's ``Cover`` from the grid and, in cells crossed by edges, the exact test.
    @inline(__always)
    func cover(lon: Double, lat: Double) -> Cover {
        let state = grid.state(x: lon, y: lat)
        // A pure cell: inside exactly this territory (or none), no test needed.
        if state >= 0 { return Cover(first: Int(state), covering: 1, interiors: 1) }
        if state == TerritoryGrid.empty { return Cover(first: -1, covering: 0, interiors: 0) }
        var cover = Cover(first: -1, covering: 0, interiors: 0)
        for k in grid.list(state) {
            let location = locate(entry: grid.entries[k], lon, lat)
            if location == .exterior { continue }
            if cover.first < 0 { cover.first = Int(grid.entries[k] >> 1) }
            cover.covering += 1
            if location == .interior { cover.interiors += 1 }
        }
        return cover
    }

    /// The grid's two-byte code at a point (see ``TerritoryGrid/code(x:y:)``): where it is not
    /// ``TerritoryGrid/wideCode``, the point's territory (or none) without ``cover(lon:lat:)``.
    @inline(__always)
    func gridCode(lon: Double, lat: Double) -> UInt16 { grid.code(x: lon, y: lat) }

    /// Every territory covering a point, in map order (for ``BorderPolicy/reportAllOwners``).
    private func coveringTerritories(lon: Double, lat: Double) -> [Int] {
        let state = grid.state(x: lon, y: lat)
        if state >= 0 { return [Int(state)] }
        if state == TerritoryGrid.empty { return [] }
        return grid.list(state).compactMap { k in
            locate(entry: grid.entries[k], lon, lat) != .exterior ? Int(grid.entries[k] >> 1) : nil
        }
    }

    /// The territory a point goes to under the default rules (first in map order, no nearest
    /// fallback, indexed engine), or -1: what ``assign(lon:lat:)`` returns as `territory`,
    /// without building an ``Assignment``. Counting paths use it: an `Assignment` holds an
    /// array, whose reference count every thread would update on the same shared empty array.
    @inline(__always)
    func firstOwner(lon: Double, lat: Double) -> Int {
        let state = grid.state(x: lon, y: lat)
        if state >= 0 { return Int(state) }
        if state == TerritoryGrid.empty { return -1 }
        for k in grid.list(state) where locate(entry: grid.entries[k], lon, lat) != .exterior { return Int(grid.entries[k] >> 1) }
        return -1
    }

    /// Where a point lies relative to territory `t`, from the raw tables (see ``LocatorTable``).
    @inline(__always)
    private func locate(_ t: Int, _ x: Double, _ y: Double) -> PointLocation { table.locate(t, x: x, y: y) }

    /// Where a point lies relative to a mixed cell's entry: inside a territory covering the
    /// whole cell without a test, else the exact test against it.
    @inline(__always)
    private func locate(entry: Int32, _ x: Double, _ y: Double) -> PointLocation {
        entry & 1 == 1 ? .interior : locate(Int(entry >> 1), x, y)
    }

    /// Whether ``firstOwner(lon:lat:)`` gives the same territory as ``assign(lon:lat:)``.
    var firstOwnerIsExact: Bool { options.engine == .indexed && options.nearestWithin == nil }

    /// The owner, status and distance of a point covered as `cover` says: the border rule, and
    /// the nearest fallback for a point covered by none.
    @inline(__always)
    func placement(_ cover: Cover, lon: Double, lat: Double) -> Placement {
        switch cover.covering {
        case 0:
            if let limit = options.nearestWithin, let (t, d) = nearest(lon: lon, lat: lat, within: limit) {
                return Placement(territory: t, status: .nearest, distance: d)
            }
            return Placement(territory: -1, status: .unassigned, distance: nil)
        case 1:
            return Placement(territory: cover.first, status: cover.interiors == 1 ? .interior : .boundary, distance: nil)
        default:
            return Placement(territory: cover.first, status: cover.interiors >= 2 ? .conflict : .borderTie, distance: nil)
        }
    }

    /// A point's assignment with the engine in force: the indexed grid, or `geos` (the
    /// reference engine's per-thread state, made by the caller). No owners list is built.
    @inline(__always)
    func placement(lon: Double, lat: Double, geos: GEOSAssignmentWorker?) throws -> Placement {
        guard let geos else { return placement(cover(lon: lon, lat: lat), lon: lon, lat: lat) }
        let r = try geos.covering(lon: lon, lat: lat, reportAll: false)
        return placement(Cover(first: r.first, covering: r.covering, interiors: r.interiors), lon: lon, lat: lat)
    }

    /// The id of the territory an assignment names (nil when unassigned).
    public func territoryID(of assignment: Assignment) -> String? {
        assignment.territory.map { map.territories[$0].id }
    }

    /// The id of the territory a point is assigned to (nil when none covers it).
    public func territoryID(lon: Double, lat: Double) -> String? { territoryID(of: assign(lon: lon, lat: lat)) }

    // MARK: Many points

    /// Assigns every point, in order, on up to `threads` threads (1 = the calling thread only).
    /// The output order is the input order whatever the thread count.
    public func assign(lon: [Double], lat: [Double], threads: Int = 1) throws(TerritoryError) -> [Assignment] {
        try wrapped {
            guard lon.count == lat.count else { throw TerritoryError.invalidArgument("\(lon.count) longitudes but \(lat.count) latitudes") }
            let n = lon.count
            var results = [Assignment](repeating: Assignment(territory: nil, status: .unassigned), count: n)
            let workers = max(1, min(threads, (n + 4095) / 4096))
            let errors = Locked<Error?>(nil)
            results.withUnsafeMutableBufferPointer { out in
                let output = SharedBuffer(out)
                lon.withUnsafeBufferPointer { xs in
                    lat.withUnsafeBufferPointer { ys in
                        let inputs = (SharedBuffer(xs), SharedBuffer(ys))
                        let work: @Sendable (Int) -> Void = { w in
                            let range = chunk(w, of: workers, in: n)
                            do {
                                try assignRange(range, xs: inputs.0.base, ys: inputs.1.base, into: output.base)
                            } catch {
                                errors.withLock { if $0 == nil { $0 = error } }
                            }
                        }
                        onEachWorker(workers, work)
                    }
                }
            }
            if let error = errors.current { throw error }
            return results
        }
    }

    /// Assigns a batch of customers (see ``assign(lon:lat:threads:)``).
    public func assign(_ batch: CustomerBatch, threads: Int = 1) throws(TerritoryError) -> [Assignment] {
        try assign(lon: batch.lon, lat: batch.lat, threads: threads)
    }

    private func assignRange(
        _ range: Range<Int>, xs: UnsafeBufferPointer<Double>, ys: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Assignment>
    ) throws {
        switch options.engine {
        case .indexed:
            for i in range { out[i] = assign(lon: xs[i], lat: ys[i]) }
        case .geos:
            let worker = try GEOSAssignmentWorker(map: map)
            for i in range {
                let r = try worker.covering(lon: xs[i], lat: ys[i], reportAll: options.policy == .reportAllOwners)
                let cover = Cover(first: r.first, covering: r.covering, interiors: r.interiors)
                out[i] = Assignment(placement(cover, lon: xs[i], lat: ys[i]), owners: r.owners)
            }
        }
    }

    // MARK: Nearest

    /// The nearest territory within `limit` metres of an uncovered point, with the distance.
    ///
    /// Candidates are the territories whose box, grown by `limit`, holds the point. For each,
    /// every edge is searched for its closest point in a local equirectangular frame (x scaled
    /// by cos(lat)), and the geodesic distance to that point is measured on WGS 84.
    public func nearest(lon: Double, lat: Double, within limit: Double) -> (territory: Int, distance: Double)? {
        let dLat = limit / 110_574 + 1e-9  // metres per degree of latitude is at least 110,574
        let cosLat = cos(min(89.9, abs(lat) + dLat) * .pi / 180)
        let dLon = min(360, dLat / max(cosLat, 1e-6))
        var best: (Int, Double)?
        for (t, locator) in locators.enumerated() {
            let e = locator.envelope
            guard lon >= e.minX - dLon, lon <= e.maxX + dLon, lat >= e.minY - dLat, lat <= e.maxY + dLat else { continue }
            guard let point = closestBoundaryPoint(locator, lon: lon, lat: lat) else { continue }
            guard let d = try? Geodesic.wgs84.distance(from: Coordinate(x: lon, y: lat), to: point) else { continue }
            if d <= limit, best == nil || d < best!.1 { best = (t, d) }
        }
        return best
    }

    private func closestBoundaryPoint(_ locator: PolygonLocator, lon: Double, lat: Double) -> Coordinate? {
        let k = cos(lat * .pi / 180)
        var best: Coordinate?
        var bestSquared = Double.infinity
        for ring in locator.rings {
            var i = 0
            while i + 3 < ring.count {
                let ax = ring[i] * k, ay = ring[i + 1], bx = ring[i + 2] * k, by = ring[i + 3]
                let px = lon * k, py = lat
                let dx = bx - ax, dy = by - ay
                let lengthSquared = dx * dx + dy * dy
                var u = lengthSquared > 0 ? ((px - ax) * dx + (py - ay) * dy) / lengthSquared : 0
                u = max(0, min(1, u))
                let cx = ax + u * dx, cy = ay + u * dy
                let d = (cx - px) * (cx - px) + (cy - py) * (cy - py)
                if d < bestSquared { bestSquared = d; best = Coordinate(x: k > 0 ? cx / k : ring[i], y: cy) }
                i += 2
            }
        }
        return best
    }
}

/// Per-worker GEOS state for the ``AssignmentEngine/geos`` engine: an STRtree over the
/// territories and one prepared geometry each. Never shared between threads.
final class GEOSAssignmentWorker {
    private let tree: STRtree
    private let prepared: [PreparedGeometry]

    init(map: TerritoryMap) throws {
        let geometries = map.territories.map(\.geometry)
        tree = try wrapped { try STRtree(geometries) }
        prepared = try wrapped { try geometries.map { try PreparedGeometry($0) } }
    }

    func covering(lon: Double, lat: Double, reportAll: Bool) throws -> (first: Int, covering: Int, interiors: Int, owners: [Int]) {
        try wrapped {
            var first = -1, covering = 0, interiors = 0
            var owners: [Int] = []
            for t in try tree.query(Envelope(minX: lon, minY: lat, maxX: lon, maxY: lat)) {
                guard try prepared[t].covers(x: lon, y: lat) else { continue }
                if first < 0 { first = t }
                covering += 1
                if try prepared[t].containsProperly(x: lon, y: lat) { interiors += 1 }
                if reportAll { owners.append(t) }
            }
            return (first, covering, interiors, owners)
        }
    }
}
