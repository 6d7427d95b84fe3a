import ArgumentParser
import Foundation
import TerritoryKit

/// `territory assign`: each customer's territory, streamed in input order.
struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Assign each customer to the territory that covers it.",
        discussion: """
            Writes CSV `customer_id,territory_id` (plus `distance_m` with --nearest-within), one row per
            input row in input order; territory_id is empty when no territory covers the customer.
            Border rule: a point on a shared border goes to the territory earliest in the file.
            The output appears only when complete (written to a temporary file, then renamed).
            """
    )

    @Argument(help: "Territories: GeoJSON, any GDAL vector format, or PG:\"...\".")
    var territories: String
    @Argument(help: "Customers: CSV with a header, or a point layer or sheet through GDAL.")
    var customers: String
    @Option(name: [.short, .long], help: "Output CSV file (default: standard output).")
    var output: String?
    @OptionGroup var map: MapOptions
    @OptionGroup var quietOption: QuietOption
    @OptionGroup var columns: CustomerOptions
    @OptionGroup var outputOptions: OutputOptions
    @Option(name: .customLong("nearest-within"), help: "Give uncovered customers to the nearest territory within this many metres.")
    var nearestWithin: Double?
    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Point-in-polygon engine: indexed (fast) or geos (reference).")
    var engine: EngineChoice = .indexed

    enum EngineChoice: String, ExpressibleByArgument { case indexed, geos }

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if let d = nearestWithin, !(d >= 0) { throw ValidationError("--nearest-within must be >= 0 metres") }
    }

    func run() throws {
        quietOption.apply()
        try runReportingErrors {
            let started = Date()
            let reader = try openCustomers(customers, columns: columns.columns, layer: columns.customersLayer)
            let options = AssignmentOptions(nearestWithin: nearestWithin, engine: engine == .geos ? .geos : .indexed)
            let (territories, map) = (self.territories, self.map)
            let sink = try OutputSink(path: output, options: outputOptions, defaultLayer: "assignments")
            // The map is loaded and indexed while the workers parse the first customer chunks.
            let pipeline = AssignmentPipeline(threads: threads) {
                try TerritoryAssigner(map: loadMap(territories, map), options: options)
            }
            let summary = try AssignmentStream(
                pipeline: pipeline, reader: reader, withDistance: nearestWithin != nil,
                progress: Progress("assign")
            ).run(into: sink)
            try sink.commit()
            let seconds = Date().timeIntervalSince(started)
            let rows = summary.assigned + summary.unassigned
            let nearest = nearestWithin != nil ? ", nearest \(summary.nearest)" : ""
            printStatus(
                "assigned \(summary.assigned), unassigned \(summary.unassigned), border ties \(summary.borderTies), "
                    + "conflicts \(summary.conflicts)\(nearest); \(rows) customers in " + String(format: "%.2f s", seconds))
        }
    }
}

/// Assigns a customer file on worker threads and writes rows in input order.
struct AssignmentStream {
    let pipeline: AssignmentPipeline
    let reader: CustomerCSVReader
    let withDistance: Bool
    let progress: Progress

    func run(into sink: OutputSink) throws -> AssignmentSummary {
        var summary = AssignmentSummary()
        try sink.write(withDistance ? "customer_id,territory_id,distance_m\n" : "customer_id,territory_id\n")
        var rows = 0
        let withDistance = self.withDistance
        let idTable = TerritoryIDTable()
        try pipeline.run(
            reader,
            work: { batch, assignments, assigner in
                // Formatting runs on the workers too: the calling thread only writes bytes.
                let ids = idTable.csvFields(for: assigner.map)
                var out: [UInt8] = []
                out.reserveCapacity(batch.count * 24)
                var part = AssignmentSummary()
                // The ids are read through a raw buffer: taking `ids[t]` as an array per row would
                // update its reference count, shared by every worker, on every row.
                ids.bytes.withUnsafeBufferPointer { idBytes in
                    for (i, a) in assignments.enumerated() {
                        part.add(a)
                        batch.withIDBytes(i) { CSVWriter.appendField($0, to: &out) }
                        out.append(0x2C)
                        if let t = a.territory { out.append(contentsOf: UnsafeBufferPointer(rebasing: idBytes[ids.starts[t]..<ids.starts[t + 1]])) }
                        if withDistance {
                            out.append(0x2C)
                            if let d = a.distance { out.append(contentsOf: Array(String(format: "%.1f", d).utf8)) }
                        }
                        out.append(0x0A)
                    }
                }
                return (out, part, batch.count)
            },
            consume: { (out, part, count) in
                try sink.write(out)
                summary.add(part)
                rows += count
                progress.update(rows: rows, bytes: reader.bytesRead, total: reader.totalBytes)
            })
        progress.finish()
        return summary
    }
}

/// Each territory's id as a CSV field, made once per run by the first worker that needs it:
/// one byte buffer, field `t` at `bytes[starts[t]..<starts[t + 1]]`.
/// `@unchecked Sendable`: `fields` is read and written under `lock`.
final class TerritoryIDTable: @unchecked Sendable {
    private let lock = NSLock()
    private var fields: (bytes: [UInt8], starts: [Int])?

    func csvFields(for map: TerritoryMap) -> (bytes: [UInt8], starts: [Int]) {
        lock.lock()
        defer { lock.unlock() }
        if let fields { return fields }
        var bytes: [UInt8] = [], starts = [0]
        for t in map.territories {
            CSVWriter.appendField(t.id, to: &bytes)
            starts.append(bytes.count)
        }
        fields = (bytes, starts)
        return (bytes, starts)
    }
}
