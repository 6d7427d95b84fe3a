import Foundation

/// Streams a customer file through a ``TerritoryAssigner`` on several threads.
///
/// The file is cut into chunks of whole records (about a megabyte each). Each round, the calling
/// thread reads one chunk per worker; the workers parse, assign and post-process their chunks in
/// parallel (each with nothing shared but the immutable assigner), and the calling thread then
/// consumes the results in file order. Output order is therefore the input order whatever the
/// thread count, and memory holds only one round of chunks, whatever the file size.
public struct AssignmentPipeline: Sendable {
    /// The assigner used by every worker.
    public let assigner: TerritoryAssigner
    /// Worker threads.
    public let threads: Int

    /// A pipeline over `assigner` with `threads` workers (at least 1).
    public init(assigner: TerritoryAssigner, threads: Int) {
        self.assigner = assigner
        self.threads = max(1, threads)
    }

    /// Runs every chunk of `reader` through the assigner.
    ///
    /// - Parameters:
    ///   - work: runs on a worker thread for each chunk, with its customers and their
    ///     assignments (in row order); its result is handed to `consume`.
    ///   - consume: runs on the calling thread, once per chunk, in file order.
    /// - Throws: the first error in file order; CSV errors carry their absolute line.
    public func run<Output: Sendable>(_ reader: CustomerCSVReader,
                                      work: @escaping @Sendable (CustomerBatch, [Assignment]) throws -> Output,
                                      consume: (Output) throws -> Void) throws {
        var linesBefore = reader.headerLines
        let assigner = self.assigner
        while true {
            var chunks: [CustomerCSVChunk] = []
            while chunks.count < threads, let chunk = try reader.nextChunk() { chunks.append(chunk) }
            if chunks.isEmpty { return }
            let results = RoundResults<Output>(count: chunks.count)
            let round = chunks
            let process: @Sendable (Int) -> Void = { k in
                do {
                    var batch = CustomerBatch()
                    let lines = try round[k].parse(into: &batch)
                    let assignments = try assigner.assign(batch, threads: 1)
                    results.set(k, .success((lines, try work(batch, assignments))))
                } catch {
                    results.set(k, .failure(error))
                }
            }
            if round.count == 1 { process(0) } else { DispatchQueue.concurrentPerform(iterations: round.count, execute: process) }
            for k in 0..<round.count {
                switch results.get(k) {
                case let .success((lines, output)):
                    try consume(output)
                    linesBefore += lines
                case let .failure(error as CSVRowError):
                    throw reader.error(error, linesBeforeChunk: linesBefore)
                case let .failure(error):
                    throw error
                }
            }
        }
    }
}

/// One round's results, filled by workers at distinct indices.
/// `@unchecked Sendable`: every slot is written by exactly one worker, under the lock, and read
/// only after `concurrentPerform` has returned.
private final class RoundResults<Output>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<(Int, Output), Error>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ r: Result<(Int, Output), Error>) { lock.lock(); slots[k] = r; lock.unlock() }
    func get(_ k: Int) -> Result<(Int, Output), Error> { lock.lock(); defer { lock.unlock() }; return slots[k]! }
}
