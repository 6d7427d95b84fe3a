import Foundation
import GEOS
import TerritoryKit

/// The customers of a report or a map, read once: tallied per territory (key accounts to their
/// own territory), and, when asked, held to route each territory's workload and to measure the
/// drive from the reps' homes, and sampled for drawing. Without workload or homes they are
/// streamed (memory stays bounded).
struct CustomerTally {
    var tally: BalanceTally
    /// Each territory's routed workload, when asked for.
    var workloads: [TerritoryWorkload]?
    /// Each territory's longest drive from its rep's home, in minutes, when homes are given.
    var maxDrive: [Double?]?
    /// The customers a map draws, when a sample is asked for.
    var sample: CustomerSample?

    /// - Parameters:
    ///   - routed: whether each territory's workload is routed.
    ///   - homes: the reps' homes by territory (empty: none).
    ///   - accounts: key accounts, or nil.
    ///   - sampleLimit: the most customers a map draws, or nil for no sample.
    ///   - command: the command's name, for its progress line.
    init(
        _ customers: String, columns: CustomerOptions, map: TerritoryMap, assigner: TerritoryAssigner, nearest: NearestOptions,
        workload: WorkloadOptions, routed: Bool, homes: [Coordinate?] = [], accounts: AccountsOption? = nil, sampleLimit: Int? = nil,
        threads: Int, command: String
    ) throws {
        let progress = Progress(command)
        let fromHomes = homes.contains { $0 != nil }
        if routed || fromHomes {
            // Workload needs every territory's route, the drive from home every customer:
            // customers are held in memory.
            let batch = try openCustomers(customers, columns, visitMinutes: workload.visitMinutesColumn).readAll()
            var assignments = try assigner.assign(batch, threads: threads)
            try accounts?.apply(to: &assignments, customers: batch, map: map, source: customers)
            tally = BalanceTally(territoryCount: map.count)
            try tally.add(assignments, weights: batch.weight)
            if let sampleLimit {
                sample = CustomerSample(limit: sampleLimit)
                sample!.keep(batch)
            }
            if fromHomes {
                let seconds = try workload.drive.secondsFrom()
                maxDrive = try BalanceReport.maxDriveMinutes(customers: batch, assignments: assignments, homes: homes) { home, points in
                    try seconds([home], points)[0]
                }
            }
            if routed {
                progress.status("routing \(batch.count.formatted()) customers")
                workloads = try workload.workloads(
                    map: map, customers: batch, assignments: assignments, homes: homes, threads: threads, source: (customers, columns))
            }
        } else if let sampleLimit {
            (tally, sample) = try CustomerSample.tallied(
                openCustomers(customers, columns), assigner: assigner, territories: map.count, limit: sampleLimit, threads: threads)
        } else {
            let reader = try openCustomers(customers, columns)
            tally = try BalanceTally.tally(reader, assigner: assigner, accounts: accounts?.load(map) ?? .none, threads: threads) { _ in
                progress.update(bytes: reader.bytesRead, total: reader.totalBytes)
            }
        }
        progress.finish()
        try nearest.reportLeftOut(tally.unassigned, of: tally.total, outside: "territory", customers: (customers, columns), map: { map })
    }
}
