import Foundation
import GEOS

/// How much time customers take: minutes per visit and visits per period.
public struct VisitPlan: Sendable, Equatable {
    /// Minutes spent at each customer per visit, used for customers without their own figure
    /// (``CustomerBatch/visitMinutes``).
    public var minutesPerVisit: Double
    /// Visits to every customer per period (the period is whatever the user plans by: a week,
    /// a month). Each round of visits drives the territory's tour once.
    public var visitsPerPeriod: Double

    /// A plan with the given visit time and frequency.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` unless both are finite and ≥ 0.
    public init(minutesPerVisit: Double = 0, visitsPerPeriod: Double = 1) throws(TerritoryError) {
        guard minutesPerVisit.isFinite, minutesPerVisit >= 0 else {
            throw TerritoryError.invalidArgument("visit minutes must be a number >= 0, got \(minutesPerVisit)")
        }
        guard visitsPerPeriod.isFinite, visitsPerPeriod >= 0 else {
            throw TerritoryError.invalidArgument("visits per period must be a number >= 0, got \(visitsPerPeriod)")
        }
        self.minutesPerVisit = minutesPerVisit
        self.visitsPerPeriod = visitsPerPeriod
    }

    /// Visit minutes of customer `i` of `customers`: its own figure when the batch has them.
    public func minutes(_ customers: CustomerBatch, _ i: Int) -> Double {
        customers.visitMinutes.isEmpty ? minutesPerVisit : customers.visitMinutes[i]
    }
}

/// A territory's workload per period: time at customers plus time driving between them.
public struct TerritoryWorkload: Sendable, Equatable {
    /// Hours at customers per period (visits × minutes / 60, summed).
    public let visitHours: Double
    /// Hours driving per period (visits × the tour's drive time).
    public let driveHours: Double
    /// The total, in hours per period.
    public var hours: Double { visitHours + driveHours }

    /// A workload of the given visit and drive hours.
    public init(visitHours: Double, driveHours: Double) {
        self.visitHours = visitHours
        self.driveHours = driveHours
    }

    /// Each territory's workload from its route: every customer on the route is visited
    /// `plan.visitsPerPeriod` times per period, and every round drives the whole tour.
    public static func fromRoutes(_ routes: [TerritoryRoute], customers: CustomerBatch, plan: VisitPlan) -> [TerritoryWorkload] {
        routes.map { route in
            let minutes = route.stops.reduce(0.0) { sum, stop in sum + (stop.customer.map { plan.minutes(customers, $0) } ?? 0) }
            return TerritoryWorkload(
                visitHours: plan.visitsPerPeriod * minutes / 60,
                driveHours: plan.visitsPerPeriod * route.driveSeconds / 3600)
        }
    }

    /// The estimate territory design balances on, additive over units so that it can be
    /// re-evaluated in constant time as units move: for a unit with n customers over area A,
    /// visits × (its visit minutes / 60 + circuity × 0.7124·√(n·A) / speed).
    ///
    /// Why √(n·A) per unit: the Beardwood–Halton–Hammersley law puts a tour of N stops spread
    /// over area A at 0.7124·√(N·A). Where density is even that equals Σ 0.7124·√(nᵢ·Aᵢ) over
    /// the parts, so each unit carries its own share of the territory's tour whatever unit it is
    /// grouped with. It overstates sparse units and ignores the drive between separate clusters;
    /// the routed figure for the finished plan is reported beside it.
    public static func unitEstimate(
        customers n: Int, areaM2: Double, visitMinutes: Double, plan: VisitPlan,
        model: TravelModel
    ) -> Double {
        let tour = 0.7124 * (Double(n) * max(0, areaM2)).squareRoot()
        return plan.visitsPerPeriod * (visitMinutes / 60 + model.driveSeconds(geodesic: tour) / 3600)
    }
}
