import Foundation

/// Road travel times and distances from an OSRM server's table service.
public struct OSRMMatrix: Sendable, Equatable {
    /// Seconds from each source to each destination (`durations[i][j]`), directed.
    public let durations: [[Double]]
    /// Metres along the road from each source to each destination.
    public let distances: [[Double]]
}

/// A client of OSRM's table service (`/table/v1/{profile}/...`): travel-time and distance
/// matrices between points, asked in blocks within the server's table-size limit, several at
/// once, retried with backoff when the server is briefly unreachable, and cached per client (a
/// pair asked twice is fetched once).
///
/// ## Example
/// ```swift
/// let osrm = try OSRMTable(url: "http://127.0.0.1:5000")
/// let m = try osrm.matrix(sources: stops, destinations: stops)
/// print(m.durations[0][1], m.durations[1][0])    // one-way streets: they differ
/// ```
/// - Throws: ``TerritoryError/invalidArgument(_:)`` for a URL that is not `http://host[:port]`.
public final class OSRMTable: @unchecked Sendable {
    // @unchecked: `cache` and the request clock are read and written under `lock`; everything
    // else is immutable.
    /// The server, as given.
    public let url: String
    /// The profile in the request path (`driving`; osrm-routed serves one profile whatever the name).
    public let profile: String
    /// Most points one request may hold (osrm-routed's `--max-table-size`, 100 by default).
    public let maxTableSize: Int
    /// Requests in flight at once.
    public let concurrency: Int
    /// Attempts per request when the server cannot be reached (with backoff between them).
    public let attempts: Int
    /// Seconds one request may take in all (connecting, sending, and reading the whole answer,
    /// however slowly the server sends it).
    public let timeout: Double
    /// A point further than this many metres from any road OSRM knows is an error.
    public let maxSnapMetres: Double
    /// How far below zero an answered leg may be and still be OSRM's rounding (taken as zero):
    /// a second, and ten metres. Anything lower is refused as no road.
    static let roundingSeconds = 1.0, roundingMetres = 10.0
    private let host: String, port: UInt16, prefix: String
    private let lock = NSLock()
    /// Every point asked so far, as a small number; pairs are cached under two such numbers.
    private var pointIDs: [PointKey: UInt32] = [:]
    private var cache: [UInt64: RoadLeg] = [:]
    private var inFlight = 0, busySince = Date(), busy = 0.0, sent = 0

    /// A client.
    public init(
        url: String, profile: String = "driving", maxTableSize: Int = 100, concurrency: Int = 4, attempts: Int = 4, timeout: Double = 30,
        maxSnapMetres: Double = 1000
    ) throws(TerritoryError) {
        guard let (host, port, prefix) = HTTPGet.parse(url) else {
            throw .invalidArgument("\(url): give the server as http://HOST:PORT (e.g. http://127.0.0.1:5000)")
        }
        guard maxTableSize >= 2 else { throw .invalidArgument("the OSRM table size must be at least 2") }
        self.url = url; self.profile = profile; self.maxTableSize = maxTableSize; self.concurrency = max(1, concurrency)
        self.attempts = max(1, attempts); self.timeout = timeout; self.maxSnapMetres = maxSnapMetres
        self.host = host; self.port = port; self.prefix = prefix
    }

    /// The matrix from every source to every destination (lon/lat). `names` (one per source,
    /// then one per destination) name points in errors, e.g. customer ids.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` with one line saying what and what to
    ///   do: the server unreachable after the retries, an answer that is not OSRM's, a point
    ///   OSRM cannot snap to a road, a pair with no route between them.
    public func matrix(sources: [Coordinate], destinations: [Coordinate], names: [String]? = nil) throws(TerritoryError) -> OSRMMatrix {
        let names = names ?? (sources.indices.map { "source \($0)" } + destinations.indices.map { "destination \($0)" })
        // Blocks of sources × destinations whose points fit one request.
        let half = max(1, maxTableSize / 2)
        let points = sources + destinations
        var blocks: [Block] = []
        for s in stride(from: 0, to: sources.count, by: half) {
            for d in stride(from: 0, to: destinations.count, by: half) {
                let rs = Array(s..<min(s + half, sources.count)), rd = (d..<min(d + half, destinations.count)).map { sources.count + $0 }
                if !isCached(rs.map { points[$0] }, rd.map { points[$0] }) { blocks.append(Block(sources: rs, destinations: rd)) }
            }
        }
        try fetchAll(blocks, points: points, names: names)
        var durations = [[Double]](repeating: [], count: sources.count), distances = durations
        for i in sources.indices {
            for j in destinations.indices {
                let leg = cached(sources[i], destinations[j])!
                durations[i].append(leg.seconds)
                distances[i].append(leg.metres)
            }
        }
        return OSRMMatrix(durations: durations, distances: distances)
    }

    /// Road seconds and metres of each ordered pair, asked as rectangular tables: pairs are
    /// grouped by source (in the order given, so give nearby sources together) into blocks whose
    /// sources and destinations together fit one request, and pairs already known are not asked.
    public func legs(_ pairs: [RoadPair], among points: [Coordinate], names: [String]) throws(TerritoryError) -> [RoadLeg] {
        var bySource: [Int32: [Int32]] = [:], sourceOrder: [Int32] = []
        for p in pairs where p.from != p.to && cached(points[Int(p.from)], points[Int(p.to)]) == nil {
            if bySource[p.from] == nil { sourceOrder.append(p.from) }
            bySource[p.from, default: []].append(p.to)
        }
        // Two ways to cut the pairs into requests; the one with fewer requests is asked.
        // Packed: whole sources with their destinations while they fit (neighbour lists, where
        // nearby sources share most destinations). Chunked: sources in groups of half a request,
        // each group's destinations cut into the other half (dense tables).
        var packed: [Block] = []
        var sources: [Int] = [], destinations: Set<Int> = [], inBlock: Set<Int> = [], wantedPairs: [(Int, Int)] = []
        func flush() {
            if !sources.isEmpty { packed.append(Block(sources: sources, destinations: destinations.sorted(), wanted: wantedPairs)) }
            sources = []; destinations = []; inBlock = []; wantedPairs = []
        }
        for s in sourceOrder {
            var wanted = Array(Set(bySource[s]!.map(Int.init))).sorted()
            while !wanted.isEmpty {
                let fresh = wanted.filter { !inBlock.contains($0) }.count + (inBlock.contains(Int(s)) ? 0 : 1)
                if inBlock.count + fresh > maxTableSize {
                    if sources.isEmpty {
                        // One source with more destinations than a request holds: split them.
                        let part = Array(wanted.prefix(maxTableSize - 1))
                        wanted.removeFirst(part.count)
                        packed.append(Block(sources: [Int(s)], destinations: part, wanted: part.map { (Int(s), $0) }))
                        continue
                    }
                    flush()
                    continue
                }
                sources.append(Int(s)); inBlock.insert(Int(s))
                for d in wanted { destinations.insert(d); inBlock.insert(d); wantedPairs.append((Int(s), d)) }
                wanted = []
            }
        }
        flush()
        var chunked: [Block] = []
        let half = max(1, maxTableSize / 2)
        for start in stride(from: 0, to: sourceOrder.count, by: half) {
            let group = sourceOrder[start..<min(start + half, sourceOrder.count)].map(Int.init)
            let targets = Array(Set(group.flatMap { bySource[Int32($0)]!.map(Int.init) })).sorted()
            for piece in stride(from: 0, to: targets.count, by: maxTableSize - group.count) {
                let part = Array(targets[piece..<min(piece + maxTableSize - group.count, targets.count)])
                let inPart = Set(part)
                let wanted = group.flatMap { s in bySource[Int32(s)]!.map(Int.init).filter { inPart.contains($0) }.map { (s, $0) } }
                chunked.append(Block(sources: group, destinations: part, wanted: wanted))
            }
        }
        let blocks = chunked.count < packed.count ? chunked : packed
        try fetchAll(blocks, points: points, names: names)
        return pairs.map { p in
            if p.from == p.to { return RoadLeg(seconds: 0, metres: 0) }
            return cached(points[Int(p.from)], points[Int(p.to)])!
        }
    }

    /// Wall-clock seconds during which at least one table request was waiting on the server: the
    /// server's share of a run (benchmarks subtract it from the whole to see our own share).
    public var serverSeconds: Double { lock.lock(); defer { lock.unlock() }; return busy }

    /// Table requests sent so far (retries included).
    public var requests: Int { lock.lock(); defer { lock.unlock() }; return sent }

    /// One request: `sources` and `destinations` are indices into the points of the call;
    /// `wanted`, when given, the only pairs of the answer to keep (a neighbour list asks a
    /// rectangle around the pairs it needs; keeping all of it would hold n² pairs per territory).
    private struct Block {
        let sources: [Int], destinations: [Int]
        var wanted: [(Int, Int)]? = nil
    }

    private func fetchAll(_ blocks: [Block], points: [Coordinate], names: [String]) throws(TerritoryError) {
        _ = try parallelMap(count: blocks.count, threads: concurrency) { (b: Int) throws(TerritoryError) -> Bool in
            try fetch(blocks[b], points: points, names: names)
            return true
        }
    }

    private struct PointKey: Hashable { let x: UInt64, y: UInt64 }
    /// The pair's cache key; points never asked get a number here (under `lock`).
    private func key(_ s: Coordinate, _ d: Coordinate) -> UInt64 {
        func id(_ c: Coordinate) -> UInt64 {
            let k = PointKey(x: c.x.bitPattern, y: c.y.bitPattern)
            if let known = pointIDs[k] { return UInt64(known) }
            let new = UInt32(pointIDs.count)
            pointIDs[k] = new
            return UInt64(new)
        }
        return id(s) << 32 | id(d)
    }
    private func cached(_ s: Coordinate, _ d: Coordinate) -> RoadLeg? {
        lock.lock(); defer { lock.unlock() }
        return cache[key(s, d)]
    }
    private func isCached(_ s: [Coordinate], _ d: [Coordinate]) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return s.allSatisfy { a in d.allSatisfy { b in cache[key(a, b)] != nil } }
    }

    /// Counts a request in flight; the first one in starts the busy clock, the last one out stops it.
    private func started() {
        lock.lock(); defer { lock.unlock() }
        sent += 1
        if inFlight == 0 { busySince = Date() }
        inFlight += 1
    }
    private func finished() {
        lock.lock(); defer { lock.unlock() }
        inFlight -= 1
        if inFlight == 0 { busy += Date().timeIntervalSince(busySince) }
    }

    /// Asks one block, with retries, and caches it.
    private func fetch(_ block: Block, points all: [Coordinate], names: [String]) throws(TerritoryError) {
        // The request's coordinates: each point once, sources and destinations as indices into them.
        var local: [Int: Int] = [:], coordinates: [Coordinate] = [], pointNames: [String] = []
        func at(_ i: Int) -> Int {
            if let k = local[i] { return k }
            local[i] = coordinates.count; coordinates.append(all[i]); pointNames.append(names[i])
            return coordinates.count - 1
        }
        let s = block.sources.map(at), d = block.destinations.map(at)
        let text = coordinates.map { String(format: "%.6f,%.6f", $0.x, $0.y) }.joined(separator: ";")
        let path =
            "\(prefix)/table/v1/\(profile)/\(text)?sources=\(s.map(String.init).joined(separator: ";"))"
            + "&destinations=\(d.map(String.init).joined(separator: ";"))&annotations=duration,distance"
        var response: HTTPGet.Response?
        var lastFailure = ""
        for attempt in 0..<attempts {
            if attempt > 0 { Thread.sleep(forTimeInterval: 0.2 * pow(2, Double(attempt - 1))) }
            started()
            defer { finished() }
            do {
                // A table of s × d pairs is two numbers a pair, each at most ~25 bytes, plus the
                // snapped points' names and positions: more than that is no OSRM answer.
                let cap = (1 << 20) + 64 * s.count * d.count + 4096 * (s.count + d.count)
                let r = try HTTPGet.get(host: host, port: port, path: path, timeout: timeout, maxBytes: cap)
                if r.status >= 500 { lastFailure = "it answered HTTP \(r.status)"; continue }  // overloaded or restarting
                response = r
                break
            } catch let failure as HTTPGet.Failure {
                lastFailure = failure.description
                if !failure.transient { break }
            } catch {
                lastFailure = "\(error)"
            }
        }
        guard let response else {
            throw .invalidArgument(
                "OSRM at \(url) cannot be reached (\(lastFailure)) after \(attempts) attempts; start osrm-routed or check the server's address")
        }
        let answer: TableAnswer
        do {
            answer = try response.body.withUnsafeBufferPointer { try TableAnswer.parse($0) }
        } catch {
            throw .invalidArgument("OSRM at \(url) answered HTTP \(response.status) with something that is not JSON; is it an OSRM server?")
        }
        guard answer.code == "Ok" else {
            let code = answer.code ?? "no code", message = answer.message ?? "HTTP \(response.status)"
            let hint = code == "TooBig" ? "; raise osrm-routed's --max-table-size or ask for smaller tables" : ""
            throw .invalidArgument("OSRM at \(url) refused the table request: \(code): \(message)\(hint)")
        }
        guard let rows = answer.durations, let metreRows = answer.distances, rows.count == s.count, metreRows.count == s.count else {
            throw .invalidArgument("OSRM at \(url) answered without the durations and distances asked for")
        }
        guard rows.allSatisfy({ $0.count == d.count }), metreRows.allSatisfy({ $0.count == d.count }) else {
            throw .invalidArgument("OSRM at \(url) answered a table of the wrong size")
        }
        // Snapping: how far each point is from the road it was put on.
        for (snaps, indices) in [(answer.sourceSnaps, s), (answer.destinationSnaps, d)] where snaps.count == indices.count {
            for (k, metres) in snaps.enumerated() where metres > maxSnapMetres {
                throw .invalidArgument(
                    "OSRM: \(pointNames[indices[k]]) is \(Int(metres)) m from the nearest road of the extract at \(url); check its coordinates or use an extract that covers it"
                )
            }
        }
        // The pairs to keep, as rows and columns of the answer.
        let rowOf = Dictionary(block.sources.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let columnOf = Dictionary(block.destinations.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let cells: [(Int, Int)] =
            block.wanted.map { $0.map { (rowOf[$0.0]!, columnOf[$0.1]!) } } ?? (0..<s.count).flatMap { i in (0..<d.count).map { (i, $0) } }
        var found: [(Int, Int, RoadLeg)] = []
        found.reserveCapacity(cells.count)
        for (i, j) in cells {
            guard let t = rows[i][j], let m = metreRows[i][j] else {
                let pair = "from \(pointNames[s[i]]) to \(pointNames[d[j]])"
                throw .invalidArgument("OSRM finds no road \(pair) (null duration); check the extract covers both")
            }
            // A time or distance that is not a number, or negative beyond OSRM's own rounding, is
            // no road: a broken or impostor server, never to be added into a tour. OSRM's tables
            // do answer a few tenths below zero between two points snapped to one road segment
            // (its phantom nodes' offsets rounded apart, osrm-backend issues 5306 and 5855; seen
            // on the generated street grid): those legs are taken as zero.
            guard t.isFinite, m.isFinite, t >= -OSRMTable.roundingSeconds, m >= -OSRMTable.roundingMetres else {
                let pair = "from \(pointNames[s[i]]) to \(pointNames[d[j]])"
                throw .invalidArgument("OSRM at \(url) answered \(t) s and \(m) m \(pair), which no road takes; check the server")
            }
            found.append((s[i], d[j], RoadLeg(seconds: max(0, t), metres: max(0, m))))
        }
        lock.lock()
        for (i, j, leg) in found { cache[key(coordinates[i], coordinates[j])] = leg }
        lock.unlock()
    }
}

/// The parts of a table answer the client reads, parsed straight from the bytes: a table of 100 ×
/// 100 is 20,000 numbers, read into doubles without building a tree of values.
struct TableAnswer {
    var code: String?, message: String?
    var durations: [[Double?]]?, distances: [[Double?]]?
    var sourceSnaps: [Double] = [], destinationSnaps: [Double] = []

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> TableAnswer {
        var parser = JSONParser(bytes)
        var answer = TableAnswer()
        parser.skipWhitespace()
        try parser.forEachMember { p, key in
            switch key {
            case "code": answer.code = try p.peek() == UInt8(ascii: "\"") ? p.parseString() : nil
            case "message": answer.message = try p.peek() == UInt8(ascii: "\"") ? p.parseString() : nil
            case "durations": answer.durations = try table(&p)
            case "distances": answer.distances = try table(&p)
            case "sources": answer.sourceSnaps = try snaps(&p)
            case "destinations": answer.destinationSnaps = try snaps(&p)
            default: try p.skipValue()
            }
        }
        try parser.expectEnd()
        return answer
    }

    /// An array of rows of numbers or nulls.
    static func table(_ p: inout JSONParser) throws -> [[Double?]] {
        var rows: [[Double?]] = []
        try p.forEachElement { p in
            var row: [Double?] = []
            try p.forEachElement { p in
                if p.peek() == UInt8(ascii: "n") {
                    try p.literal("null")
                    row.append(nil)
                } else {
                    row.append(try p.parseNumber())
                }
            }
            rows.append(row)
        }
        return rows
    }

    /// Each waypoint's `distance` (metres from the point to the road it was snapped to).
    static func snaps(_ p: inout JSONParser) throws -> [Double] {
        var out: [Double] = []
        try p.forEachElement { p in
            var metres = 0.0
            try p.forEachMember { p, key in
                if key == "distance", p.peek() != UInt8(ascii: "n") { metres = try p.parseNumber() } else { try p.skipValue() }
            }
            out.append(metres)
        }
        return out
    }
}

/// An ordered pair of points (indices into a list of points): travel from `from` to `to`.
public struct RoadPair: Hashable, Sendable {
    /// The index of the point travelled from.
    public let from: Int32
    /// The index of the point travelled to.
    public let to: Int32
    /// The pair from `from` to `to`.
    public init(_ from: Int, _ to: Int) { self.from = Int32(from); self.to = Int32(to) }
}

/// The road travel of one ordered pair.
public struct RoadLeg: Sendable, Equatable {
    /// Driving seconds.
    public let seconds: Double
    /// Metres along the road.
    public let metres: Double
}

/// A source of road travel between points: a routing engine's matrix service.
///
/// ``RoutePlanner`` asks it for the pairs a tour search needs (every pair of a small territory,
/// each stop's near candidates of a large one, then the legs of the tour found), never a whole
/// matrix of a large territory.
public protocol RoadNetwork: Sendable {
    /// The road travel of each ordered pair of indices into `points`, in the order of `pairs`.
    /// `names` (one per point) name points in errors.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` with one line saying what and what to do.
    func legs(_ pairs: [RoadPair], among points: [Coordinate], names: [String]) throws(TerritoryError) -> [RoadLeg]
}

extension OSRMTable: RoadNetwork {}
