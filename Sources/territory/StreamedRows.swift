import Foundation
import TerritoryKit

// The outputs too large to hold, written chunk by chunk as they are made: assignments and moves.

/// Assigns a customer file on worker threads and writes rows in input order.
struct AssignmentStream {
    let pipeline: AssignmentPipeline
    let reader: CustomerCSVReader
    let withDistance: Bool
    /// Key accounts (rows then carry a status), or nil.
    let accounts: KeyAccounts?
    let progress: Progress

    func run(into sink: OutputSink) throws -> AssignmentSummary {
        var summary = AssignmentSummary()
        var rows = 0
        if sink.takesRows {
            // A GDAL table takes the rows as fields.
            try sink.append(OutputTable(header: AssignmentRows.columns(withDistance: withDistance, withStatus: accounts != nil)))
            try pipeline.tableRows(reader, withDistance: withDistance, accounts: accounts) { table, counts in
                try sink.append(table)
                summary.add(counts)
                rows += table.rows.count
                progress.update(rows: rows, bytes: reader.bytesRead, total: reader.totalBytes)
            }
            progress.finish()
            return summary
        }
        try sink.write(AssignmentRows.header(withDistance: withDistance, withStatus: accounts != nil))
        let consume = { (chunk: AssignmentRows) throws in
            try sink.write(chunk.bytes)
            summary.add(chunk.summary)
            rows += chunk.count
            progress.update(rows: rows, bytes: reader.bytesRead, total: reader.totalBytes)
        }
        if let accounts {
            try pipeline.writeRows(reader, withDistance: withDistance, accounts: accounts, consume: consume)
        } else {
            try pipeline.writeRows(reader, withDistance: withDistance, consume: consume)
        }
        progress.finish()
        return summary
    }
}

/// `diff --moves-output`: each moved customer's row, chunk by chunk, as fields to a GDAL table
/// or as CSV to a file.
struct MovesOutput {
    let sink: OutputSink
    /// The territories in the order the moves index them, and as CSV fields.
    let order: [String], fields: [[UInt8]]

    /// Starts the output with its header.
    init(_ sink: OutputSink, order: [String]) throws {
        self.sink = sink; self.order = order; fields = PlanDiff.csvFields(order)
        if sink.takesRows { try sink.append(OutputTable(header: PlanDiff.movesColumns)) } else { try sink.write(PlanDiff.movesHeader) }
    }

    func write(_ batch: CustomerBatch, _ moves: [CustomerMove]) throws {
        if sink.takesRows {
            try sink.append(PlanDiff.movesTable(batch, moves, territoryIDs: order))
        } else {
            try sink.write(PlanDiff.movesCSV(batch, moves, territoryFields: fields))
        }
    }
}
