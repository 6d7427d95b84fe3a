import Foundation

/// How straight-line distance becomes driving: road distance is the geodesic distance times a
/// circuity factor, and drive time is road distance over an average speed.
///
/// Road networks are not straight lines: measured road/straight-line ratios ("circuity") are
/// about 1.2–1.4 in most countries (Ballou, Rahardja & Sakai 2002, "Selected country circuity
/// factors for road travel distance estimation"; Boscoe, Henry & Zdeb 2012 find 1.417 on
/// average for US driving routes, lower for long trips). The default 1.3 sits in that range;
/// bring real drive times with a ``TravelTimes`` matrix when you have them.
public struct TravelModel: Sendable, Equatable {
    /// Road distance / geodesic distance (≥ 1 in practice).
    public var circuity: Double
    /// Average driving speed in km/h.
    public var speedKmh: Double

    /// A model with the given circuity factor and speed.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` unless both are positive and finite.
    public init(circuity: Double = 1.3, speedKmh: Double = 60) throws(TerritoryError) {
        guard circuity.isFinite, circuity > 0 else { throw TerritoryError.invalidArgument("circuity must be a number > 0, got \(circuity)") }
        guard speedKmh.isFinite, speedKmh > 0 else { throw TerritoryError.invalidArgument("speed must be a number of km/h > 0, got \(speedKmh)") }
        self.circuity = circuity
        self.speedKmh = speedKmh
    }

    /// Road metres for a geodesic distance in metres.
    public func driveMetres(geodesic metres: Double) -> Double { metres * circuity }

    /// Drive seconds for a geodesic distance in metres.
    public func driveSeconds(geodesic metres: Double) -> Double { metres * circuity / (speedKmh / 3.6) }
}

/// Known travel times between customers, as routing engines export them (OSRM's table
/// service, Valhalla's matrix, Google's Distance Matrix): they replace the ``TravelModel`` for
/// the ordered pairs they list.
public struct TravelTimes: Sendable {
    private var ids: [String: Int32] = [:]
    private var seconds: [UInt64: Double] = [:]

    /// No known times.
    public init() {}

    /// The number of ordered pairs with a known time.
    public var count: Int { seconds.count }

    /// Sets the time from customer `from` to customer `to` (ids as in the customer file).
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for a negative or non-finite time.
    public mutating func set(from: String, to: String, seconds value: Double) throws(TerritoryError) {
        guard value.isFinite, value >= 0 else { throw TerritoryError.invalidArgument("travel time \(value) s must be a number >= 0") }
        seconds[key(intern(from), intern(to))] = value
    }

    /// The known time from `from` to `to`, if listed.
    public func seconds(from: String, to: String) -> Double? {
        guard let a = ids[from], let b = ids[to] else { return nil }
        return seconds[key(a, b)]
    }

    /// Adds a time; false when the pair already has one (which is kept).
    mutating func insert(from: String, to: String, seconds value: Double) -> Bool {
        let k = key(intern(from), intern(to))
        guard seconds[k] == nil else { return false }
        seconds[k] = value
        return true
    }

    private mutating func intern(_ id: String) -> Int32 {
        if let i = ids[id] { return i }
        let i = Int32(ids.count)
        ids[id] = i
        return i
    }

    private func key(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }
}
