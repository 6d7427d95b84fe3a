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
    // @unchecked: `cache` is read and written under `lock`; everything else is immutable.
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
    /// Seconds to wait for each read or write.
    public let timeout: Double
    /// A point further than this many metres from any road OSRM knows is an error.
    public let maxSnapMetres: Double
    private let host: String, port: UInt16, prefix: String
    private let lock = NSLock()
    private var cache: [PairKey: (Double, Double)] = [:]

    /// A client.
    public init(
        url: String, profile: String = "driving", maxTableSize: Int = 100, concurrency: Int = 4, attempts: Int = 4, timeout: Double = 30,
        maxSnapMetres: Double = 1000
    ) throws(TerritoryError) {
        guard let (host, port, prefix) = HTTPGet.parse(url) else {
            throw .invalidArgument("--osrm \(url): give the server as http://HOST:PORT (e.g. http://127.0.0.1:5000)")
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
        var blocks: [(Range<Int>, Range<Int>)] = []
        for s in stride(from: 0, to: sources.count, by: half) {
            for d in stride(from: 0, to: destinations.count, by: half) {
                let rs = s..<min(s + half, sources.count), rd = d..<min(d + half, destinations.count)
                if !isCached(rs.map { sources[$0] }, rd.map { destinations[$0] }) { blocks.append((rs, rd)) }
            }
        }
        let todo = blocks, failures = FirstFailure(), next = WorkCounter()
        DispatchQueue.concurrentPerform(iterations: min(concurrency, max(1, todo.count))) { _ in
            while failures.first == nil, let b = next.take(below: todo.count) {
                let (rs, rd) = todo[b]
                do {
                    try fetch(rs.map { sources[$0] }, rd.map { destinations[$0] }, names: rs.map { names[$0] } + rd.map { names[sources.count + $0] })
                } catch { failures.set(error) }
            }
        }
        if let error = failures.first { throw error }
        var durations = [[Double]](repeating: [], count: sources.count), distances = durations
        for i in sources.indices {
            for j in destinations.indices {
                let (t, m) = cached(sources[i], destinations[j])!
                durations[i].append(t)
                distances[i].append(m)
            }
        }
        return OSRMMatrix(durations: durations, distances: distances)
    }

    private struct PairKey: Hashable { let a: UInt64, b: UInt64, c: UInt64, d: UInt64 }
    private func key(_ s: Coordinate, _ d: Coordinate) -> PairKey {
        PairKey(a: s.x.bitPattern, b: s.y.bitPattern, c: d.x.bitPattern, d: d.y.bitPattern)
    }
    private func cached(_ s: Coordinate, _ d: Coordinate) -> (Double, Double)? {
        lock.lock(); defer { lock.unlock() }
        return cache[key(s, d)]
    }
    private func isCached(_ s: [Coordinate], _ d: [Coordinate]) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return s.allSatisfy { a in d.allSatisfy { b in cache[key(a, b)] != nil } }
    }

    /// Asks one block, with retries, and caches it.
    private func fetch(_ s: [Coordinate], _ d: [Coordinate], names: [String]) throws(TerritoryError) {
        let points = (s + d).map { String(format: "%.6f,%.6f", $0.x, $0.y) }.joined(separator: ";")
        let path =
            "\(prefix)/table/v1/\(profile)/\(points)?sources=\((0..<s.count).map(String.init).joined(separator: ";"))"
            + "&destinations=\((s.count..<(s.count + d.count)).map(String.init).joined(separator: ";"))&annotations=duration,distance"
        var response: HTTPGet.Response?
        var lastFailure = ""
        for attempt in 0..<attempts {
            if attempt > 0 { Thread.sleep(forTimeInterval: 0.2 * pow(2, Double(attempt - 1))) }
            do {
                let r = try HTTPGet.get(host: host, port: port, path: path, timeout: timeout)
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
            throw .invalidArgument("OSRM at \(url) cannot be reached (\(lastFailure)) after \(attempts) attempts; start osrm-routed or check --osrm")
        }
        let answer: JSONValue
        do {
            answer = try response.body.withUnsafeBufferPointer { b in
                var parser = JSONParser(b)
                return try parser.parseValue()
            }
        } catch {
            throw .invalidArgument("OSRM at \(url) answered HTTP \(response.status) with something that is not JSON; is it an OSRM server?")
        }
        guard answer["code"]?.stringValue == "Ok" else {
            let code = answer["code"]?.stringValue ?? "no code", message = answer["message"]?.stringValue ?? "HTTP \(response.status)"
            throw .invalidArgument("OSRM at \(url) refused the table request: \(code): \(message)")
        }
        guard case let .array(rows)? = answer["durations"], case let .array(metreRows)? = answer["distances"], rows.count == s.count,
            metreRows.count == s.count
        else { throw .invalidArgument("OSRM at \(url) answered without the durations and distances asked for") }
        // Snapping: how far each point is from the road it was put on.
        for (k, list) in [(0, answer["sources"]), (s.count, answer["destinations"])] {
            guard case let .array(snaps)? = list else { continue }
            for (i, snap) in snaps.enumerated() {
                if let metres = snap["distance"]?.doubleValue, metres > maxSnapMetres {
                    throw .invalidArgument(
                        "OSRM: \(names[k + i]) is \(Int(metres)) m from the nearest road of the extract at \(url); check its coordinates or use an extract that covers it"
                    )
                }
            }
        }
        var block: [(PairKey, (Double, Double))] = []
        for i in 0..<s.count {
            guard case let .array(row) = rows[i], case let .array(metreRow) = metreRows[i], row.count == d.count, metreRow.count == d.count else {
                throw .invalidArgument("OSRM at \(url) answered a table of the wrong size")
            }
            for j in 0..<d.count {
                guard let t = row[j].doubleValue, let m = metreRow[j].doubleValue else {
                    throw .invalidArgument(
                        "OSRM finds no road from \(names[i]) to \(names[s.count + j]) (null duration); check the extract covers both")
                }
                block.append((key(s[i], d[j]), (t, m)))
            }
        }
        lock.lock()
        for (k, v) in block { cache[k] = v }
        lock.unlock()
    }
}

/// The first error of several workers.
private final class FirstFailure: @unchecked Sendable {
    // @unchecked: `error` is read and written under `lock`.
    private let lock = NSLock()
    private var error: TerritoryError?
    var first: TerritoryError? { lock.lock(); defer { lock.unlock() }; return error }
    func set(_ e: Error) {
        lock.lock(); defer { lock.unlock() }
        if error == nil { error = (e as? TerritoryError) ?? .invalidArgument("\(e)") }
    }
}
