import Foundation

/// Streams a customer file through a ``TerritoryAssigner`` on several threads.
///
/// The calling thread cuts the file into chunks of whole records (about 256 KB each) and
/// queues them; `threads` worker threads each take a chunk, parse it, assign its customers and
/// post-process the result (nothing is shared between them but the immutable assigner); the
/// calling thread consumes the results strictly in file order as they complete. Reading,
/// computing and writing overlap, output order is the input order whatever the thread count, and
/// at most `2 × threads + 1` chunks are in memory at once, whatever the file size.
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
    /// - Throws: the first error in file order; CSV errors carry their absolute line. After an
    ///   error no further chunk is consumed.
    public func run<Output: Sendable>(_ reader: CustomerCSVReader,
                                      work: @escaping @Sendable (CustomerBatch, [Assignment]) throws -> Output,
                                      consume: (Output) throws -> Void) throws {
        let state = PipelineState<Output>(limit: 2 * threads + 1, workers: threads)
        let assigner = self.assigner
        var workers: [Thread] = []
        for _ in 0..<threads {
            let thread = Thread {
                var batch = CustomerBatch()
                while let chunk = state.take() {
                    do {
                        let lines = try chunk.parse(into: &batch)
                        let assignments = try assigner.assign(batch, threads: 1)
                        state.finish(chunk.sequence, .success((lines, try work(batch, assignments))))
                    } catch {
                        state.finish(chunk.sequence, .failure(error))
                    }
                }
                state.workerExited()
            }
            thread.stackSize = 1 << 20
            workers.append(thread)
            thread.start()
        }
        defer { state.shutDown() }

        var linesBefore = reader.headerLines
        var next = 0  // the next sequence number to consume
        /// Consumes chunk `next` if it was added and (waiting for it when asked) has finished.
        func consumeNext(wait: Bool) throws -> Bool {
            guard state.isAdded(next), let result = state.result(next, wait: wait) else { return false }
            switch result {
            case let .success((lines, output)):
                try consume(output)
                linesBefore += lines
            case let .failure(error as CSVRowError):
                throw reader.error(error, linesBeforeChunk: linesBefore)
            case let .failure(error):
                throw error
            }
            next += 1
            return true
        }
        while true {
            while try consumeNext(wait: false) {}
            // Keep memory bounded: wait for the oldest chunk before reading more.
            while state.inMemory >= state.limit { _ = try consumeNext(wait: true) }
            guard let chunk = try reader.nextChunk() else { break }
            state.add(chunk)
        }
        state.close()
        while try consumeNext(wait: true) {}
    }
}

/// The shared state of one pipeline run: queued chunks, finished results, guarded by one condition.
/// `@unchecked Sendable`: every member is read and written with `condition` held.
private final class PipelineState<Output>: @unchecked Sendable {
    let limit: Int
    private let condition = NSCondition()
    private var queue: [CustomerCSVChunk] = []
    private var queueHead = 0
    private var results: [Int: Result<(Int, Output), Error>] = [:]
    private var added = 0, consumed = 0
    private var closed = false, stopped = false
    private let workers: Int
    private var exitedWorkers = 0

    init(limit: Int, workers: Int) { self.limit = limit; self.workers = workers }

    /// Chunks queued or in progress or finished but not yet consumed.
    var inMemory: Int { condition.lock(); defer { condition.unlock() }; return added - consumed }

    func add(_ chunk: CustomerCSVChunk) {
        condition.lock()
        queue.append(chunk)
        added += 1
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk for a worker, or nil when the run is over.
    func take() -> CustomerCSVChunk? {
        condition.lock()
        defer { condition.unlock() }
        while queueHead == queue.count && !closed && !stopped { condition.wait() }
        if stopped || queueHead == queue.count { return nil }
        let chunk = queue[queueHead]
        queueHead += 1
        if queueHead > 64 { queue.removeFirst(queueHead); queueHead = 0 }
        return chunk
    }

    func finish(_ sequence: Int, _ result: Result<(Int, Output), Error>) {
        condition.lock()
        results[sequence] = result
        condition.broadcast()
        condition.unlock()
    }

    /// Whether chunk `sequence` has been added.
    func isAdded(_ sequence: Int) -> Bool {
        condition.lock(); defer { condition.unlock() }
        return sequence < added
    }

    /// The result for `sequence`, removed; waits for it when `wait` is set.
    func result(_ sequence: Int, wait: Bool) -> Result<(Int, Output), Error>? {
        condition.lock()
        defer { condition.unlock() }
        while wait && results[sequence] == nil { condition.wait() }
        guard let r = results.removeValue(forKey: sequence) else { return nil }
        consumed += 1
        return r
    }

    /// No more chunks will be added.
    func close() { condition.lock(); closed = true; condition.broadcast(); condition.unlock() }

    /// Stops the workers (after the last chunk, or on an error) and waits until they have exited.
    func shutDown() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while exitedWorkers < workers { condition.wait() }
        condition.unlock()
    }

    func workerExited() { condition.lock(); exitedWorkers += 1; condition.broadcast(); condition.unlock() }
}
