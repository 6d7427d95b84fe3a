import Foundation
import GEOS

/// What ``TerritoryDesigner`` is asked to make.
public struct DesignOptions: Sendable {
    /// The territories: ids `T1`…`TK` for a number, or one per rep.
    public var territories: [RepTerritory]
    /// Allowed deviation of each territory's workload from its target, as a fraction (0.05 = ±5%).
    public var tolerance: Double
    /// Units that must stay in a territory: unit id → territory id.
    public var locked: [String: String]
    /// Rebalance mode: the current alignment (unit id → territory id, every unit). The designer
    /// then moves as little workload as it can to bring every territory within tolerance.
    public var current: [String: String]?
    /// Seed of the pseudo-random choices: the same inputs and seed give the same plan.
    public var seed: UInt64
    /// An optional wall-clock ceiling in seconds. Every phase of the search is bounded by its work
    /// (starts, steps, moves), so without a ceiling (`.infinity`, the default) the same inputs and
    /// seed give the same plan on any machine and thread count. A finite limit stops the search
    /// early when it is spent: the plan is then the best found so far, depends on the machine's
    /// speed, and ``DesignResult/timeLimitReached`` says so.
    public var timeLimit: Double
    /// Independent starts (seeds `seed`, `seed + 1`, …), run on every core; the best plan is
    /// kept. Nil: 24 for maps of up to 500 units, 8 up to 2,500, fewer for larger ones (one from
    /// 20,000 units), so that plans stay reproducible (a count, not a time) and large maps take
    /// seconds.
    public var restarts: Int?
    /// Workload that belongs to a territory whatever units it gets: territory id → weight (its
    /// key accounts, counted to it rather than to the units they lie in). Targets are shares of
    /// the units' workload and this together; a territory's weight includes its own.
    public var fixedWeights: [String: Double] = [:]
    /// Which territories may hold each unit (a drive limit from the reps' homes: see
    /// ``DriveReach``); nil: any.
    public var reach: DriveReach?

    /// `count` territories `T1`…`Tcount` with equal shares.
    public init(territories count: Int, tolerance: Double = 0.05, seed: UInt64 = 1, timeLimit: Double = .infinity) {
        self.init(reps: (1...max(1, count)).map { RepTerritory(id: "T\($0)") }, tolerance: tolerance, seed: seed, timeLimit: timeLimit)
    }

    /// One territory per rep.
    public init(
        reps: [RepTerritory], tolerance: Double = 0.05, locked: [String: String] = [:], current: [String: String]? = nil,
        seed: UInt64 = 1, timeLimit: Double = .infinity
    ) {
        territories = reps; self.tolerance = tolerance; self.locked = locked; self.current = current
        self.seed = seed; self.timeLimit = timeLimit
    }
}

/// A designed map: which territory each unit is in, and how good that is.
public struct DesignResult: Sendable {
    /// Whether the plan meets the tolerance, and if not, why.
    public enum Status: Sendable, Equatable {
        /// Every territory is within tolerance of its target.
        case withinTolerance
        /// No plan can meet the tolerance; the reason names what prevents it (a unit heavier
        /// than a territory may be, locked units outweighing their territory).
        case outsideTolerance(reason: String)
        /// The search stopped (out of moves that help, or of an optional time limit) with the worst territory
        /// `deviation` off its target, beyond `tolerance` (both fractions: 0.012 is 1.2%).
        case searchStoppedShort(deviation: Double, tolerance: Double)

        /// A sentence saying why the tolerance is missed; nil within it.
        public var reason: String? { reason(moreTime: "another seed") }

        /// The same sentence, with `moreTime` saying how to give the search another try (a
        /// program names its own option for it: the CLI says `another --seed`).
        public func reason(moreTime: String) -> String? {
            switch self {
            case .withinTolerance: return nil
            case let .outsideTolerance(reason): return reason
            case let .searchStoppedShort(deviation, tolerance):
                return String(format: "the best plan found is %.2f%% off (tolerance %.2f%%); ", deviation * 100, tolerance * 100)
                    + "\(moreTime) or a larger tolerance may help"
            }
        }
    }

    /// The territory ids, in order (as given).
    public let territoryIDs: [String]
    /// For each unit (in input order), the index of its territory in ``territoryIDs``.
    public let assignment: [Int]
    /// Each territory's workload.
    public let weights: [Double]
    /// Each territory's target workload.
    public let targets: [Double]
    /// Each territory's deviation from its target, as a fraction (+0.02 = 2% over).
    public let deviations: [Double]
    /// Each territory's Polsby-Popper compactness (4πA/P², geodesic; 1 for a disc).
    public let polsbyPopper: [Double]
    /// Each territory's shape: the union of its units.
    public let polygons: [Geometry]
    /// In rebalance mode, the units and the workload that changed territory (0 otherwise).
    public let movedUnits: Int, movedWeight: Double
    /// Within tolerance or not.
    public let status: Status
    /// Whether ``DesignOptions/timeLimit`` cut the search short: the plan then depends on the
    /// machine's speed, not only on the inputs and seed. Always false without a time limit.
    public internal(set) var timeLimitReached = false

    /// The largest |deviation|.
    public var maxDeviation: Double { deviations.map(abs).max() ?? 0 }
    /// The least compact territory's Polsby-Popper: what users notice first on the map.
    public var minPolsbyPopper: Double { polsbyPopper.min() ?? 0 }
    /// The mean Polsby-Popper compactness.
    public var meanPolsbyPopper: Double { polsbyPopper.isEmpty ? 0 : polsbyPopper.reduce(0, +) / Double(polsbyPopper.count) }
}

extension DesignOptions {
    /// Which territories a design makes, as a user names them.
    public enum Territories {
        /// `count` new territories, ids T1, T2, ...
        case count(Int)
        /// One territory per row of a reps file (`territory_id[,rep][,lon,lat][,target_share]`).
        case reps(URL)
        /// The territories of a current alignment (`unit_id,territory_id`), to rebalance with least disruption.
        case current(URL)
    }

    /// The options of a design of `units`: its territories, and the units locked to them (a
    /// `unit_id,territory_id` file), read and checked against each other.
    /// - Parameters:
    ///   - territories: the territories to design.
    ///   - locked: the locked units' file, if any.
    ///   - units: the units.
    ///   - unitsName: the units' source, named in errors.
    /// - Throws: ``TerritoryError`` for more territories than units, a side file that cannot be
    ///   read (naming its line), or a unit locked to a territory that is not designed.
    public static func read(
        _ territories: Territories, locked: URL?, units: TerritoryMap, unitsName: String
    ) throws(TerritoryError) -> DesignOptions {
        func lockedUnits(_ ids: [String], _ name: String) throws(TerritoryError) -> [String: String] {
            guard let locked else { return [:] }
            return try UnitAlignment.readLocked(contentsOf: locked, units: units, unitsName: unitsName, territoryIDs: ids, territoriesName: name)
        }
        switch territories {
        case let .count(count):
            guard count <= units.count else { throw .invalidArgument("\(count) territories but only \(units.count) units") }
            var options = DesignOptions(territories: count)
            options.locked = try lockedUnits(options.territories.map(\.id), "the \(count) territories (T1 to T\(count))")
            return options
        case let .reps(url):
            let list = try RepTerritory.read(contentsOf: url)
            guard list.count <= units.count else { throw .invalidArgument("\(list.count) reps but only \(units.count) units") }
            return DesignOptions(reps: list, locked: try lockedUnits(list.map(\.id), url.path))
        case let .current(url):
            // The same reader as diff's and edit's: every unit once, territories in order of first use.
            let current = try UnitAlignment.read(contentsOf: url, units: units, unitsName: unitsName)
            return DesignOptions(
                reps: current.territoryIDs.map { RepTerritory(id: $0) }, locked: try lockedUnits(current.territoryIDs, url.path),
                current: current.dictionary(units: units))
        }
    }
}
