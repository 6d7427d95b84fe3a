import Foundation

/// Streams a customer file through a ``TerritoryAssigner`` on several threads.
///
/// The calling thread cuts the file into chunks of whole records (about 256 KB each) and
/// queues them; it and `threads - 1` helper threads each take a chunk, parse it, assign its
/// customers and post-process the result (nothing is shared between them but the immutable
/// assigner); the calling thread consumes the results strictly in file order, between chunks
/// of its own. Output order is the input order whatever the thread count, never more than
/// `threads` threads are busy, and at most `2 × threads + 1` chunks are in memory at once,
/// whatever the file size.
///
/// The assigner may be given ready-made, or as a function that builds it (loading the map and
/// indexing it): then the helpers start parsing the first chunks while the calling thread builds
/// it, so map loading overlaps with reading customers instead of delaying it.
public struct AssignmentPipeline: Sendable {
    /// Threads working on chunks, the calling thread included.
    public let threads: Int
    private let makeAssigner: @Sendable () throws -> TerritoryAssigner

    /// A pipeline over `assigner` on `threads` threads (at least 1, the calling thread included).
    public init(assigner: TerritoryAssigner, threads: Int) {
        self.init(threads: threads) { assigner }
    }

    /// A pipeline whose assigner is built by `makeAssigner` on the calling thread, while the
    /// helper threads already parse the first chunks. An error from `makeAssigner` is thrown by
    /// ``run(_:work:consume:)``.
    public init(threads: Int, makeAssigner: @escaping @Sendable () throws -> TerritoryAssigner) {
        self.threads = max(1, threads)
        self.makeAssigner = makeAssigner
    }

    /// Runs every chunk of `reader` through the assigner.
    ///
    /// - Parameters:
    ///   - reader: the customer file, read chunk by chunk on the calling thread.
    ///   - work: runs on one of the threads (the calling thread or a helper) for each chunk,
    ///     with its customers, their assignments (in row order) and the assigner; its result is
    ///     handed to `consume`.
    ///   - consume: runs on the calling thread, once per chunk, in file order.
    /// - Throws: an error building the assigner, else the first error in file order; CSV errors
    ///   carry their absolute line. After an error no further chunk is consumed.
    public func run<Output: Sendable>(
        _ reader: CustomerCSVReader,
        work: @escaping @Sendable (CustomerBatch, [Assignment], TerritoryAssigner) throws -> Output,
        consume: (Output) throws -> Void
    ) throws {
        try runChunks(
            reader,
            work: { chunk, slot, batch in
                // Parsing first: the helpers parse the first chunks while the map is still loading.
                let lines = try chunk.parse(into: &batch)
                let assigner = try slot.get()
                let assignments = try assigner.assign(batch, threads: 1)
                return (lines, CustomerIDHashes(batch), try work(batch, assignments, assigner))
            }, consume: consume)
    }

    /// The pipeline itself: `work` turns one chunk into its line count, its customers' id hashes
    /// and its output, given the slot where the assigner appears once built and a batch each
    /// thread keeps (to reuse its storage); `consume` takes the outputs on the calling thread in
    /// file order, after the ids are checked: a repeated id stops the run (``CustomerIDSet``).
    ///
    /// The calling thread is one of the `threads`: between cutting chunks and consuming results
    /// it takes queued chunks and works on them itself, and `threads - 1` helper threads do the
    /// same work. So `threads` threads run at once, never more: with a separate reading and
    /// writing thread beside `threads` workers, two workers on two cores shared them with a
    /// third thread, and one worker on one core switched back and forth with it.
    func runChunks<Output: Sendable>(
        _ reader: CustomerCSVReader,
        work: @escaping @Sendable (CustomerCSVChunk, AssignerSlot, inout CustomerBatch) throws -> (lines: Int, ids: CustomerIDHashes, output: Output),
        consume: (Output) throws -> Void
    ) throws {
        let state = PipelineState<(CustomerIDHashes, Output)>(limit: 2 * threads + 1, workers: threads - 1)
        let slot = AssignerSlot()
        /// Works on one chunk and posts its result.
        @Sendable func process(_ chunk: CustomerCSVChunk, _ batch: inout CustomerBatch) {
            do {
                try chunk.checkUTF8()
                let (lines, ids, output) = try work(chunk, slot, &batch)
                var partitioned = ids
                partitioned.partition()
                state.finish(chunk.sequence, .success((lines, (partitioned, output))))
            } catch {
                state.finish(chunk.sequence, .failure(error))
            }
        }
        for _ in 1..<threads {
            let thread = Thread {
                var batch = CustomerBatch()
                while let chunk = state.take() { process(chunk, &batch) }
                state.workerExited()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        defer {
            // If reading failed before the assigner was made, release the helpers waiting for it.
            slot.set(.failure(CancellationError()), onlyIfEmpty: true)
            state.shutDown()
        }

        // Queue the first chunks for the helpers to parse, then build the assigner meanwhile.
        while state.inMemory < state.limit, let chunk = try reader.nextChunk() { state.add(chunk) }
        let made = Result { try makeAssigner() }
        slot.set(made)
        _ = try made.get()

        var linesBefore = reader.headerLines
        var ledger = CustomerIDLedger()
        var next = 0  // the next sequence number to consume
        var batch = CustomerBatch()
        var exhausted = false
        /// Consumes chunk `next` if it was added and (waiting for it when asked) has finished.
        func consumeNext(wait: Bool) throws -> Bool {
            guard state.isAdded(next), let result = state.result(next, wait: wait) else { return false }
            switch result {
            case let .success((lines, (ids, output))):
                ledger.add(ids, lineBase: linesBefore + 1)
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
            // Keep memory bounded: read more only while few chunks are held.
            while !exhausted, state.inMemory < state.limit {
                guard let chunk = try reader.nextChunk() else {
                    exhausted = true
                    state.close()
                    break
                }
                state.add(chunk)
            }
            if let chunk = state.take(wait: false) {
                process(chunk, &batch)
            } else if !(try consumeNext(wait: true)) {
                break  // nothing queued, nothing left to consume: every chunk is done
            }
        }
        if let (line, first) = ledger.firstRepeat(threads: threads) {
            throw CustomerIDSet.duplicate(source: reader.source, line: line, first: first, id: nil)
        }
    }
}

/// The assigner, once built: workers wait here until the calling thread has made it.
/// `@unchecked Sendable`: `value` is written once and read under `condition`.
final class AssignerSlot: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Result<TerritoryAssigner, Error>?

    func set(_ result: Result<TerritoryAssigner, Error>, onlyIfEmpty: Bool = false) {
        condition.lock()
        if !onlyIfEmpty || value == nil { value = result }
        condition.broadcast()
        condition.unlock()
    }

    /// The assigner, waiting until it is built; throws the error that building it met.
    func get() throws -> TerritoryAssigner {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return try value!.get()
    }

    /// The assigner if it is already built, without waiting (nil while it is being built or
    /// when building it failed: `get()` then throws).
    var ready: TerritoryAssigner? {
        condition.lock()
        defer { condition.unlock() }
        return try? value?.get()
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

    /// The next chunk for a thread, or nil when the run is over; with `wait` false, nil also
    /// when no chunk is queued right now.
    func take(wait: Bool = true) -> CustomerCSVChunk? {
        condition.lock()
        defer { condition.unlock() }
        while wait && queueHead == queue.count && !closed && !stopped { condition.wait() }
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
