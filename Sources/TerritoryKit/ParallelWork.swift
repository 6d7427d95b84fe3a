import Foundation

// The machinery every parallel loop in TerritoryKit shares: a value behind a lock, a counter
// handing out work items, a parallel map over items that stops at the first error, and a buffer
// handed to the workers. Worker
// threads come from `DispatchQueue.concurrentPerform`; results are placed by item index, so the
// output never depends on which thread finished first (determinism is a rule here).

/// A value that worker threads read and write, always under one lock (public so that callers'
/// progress and status closures, which the library calls from its workers, share the one box).
/// `@unchecked Sendable`: `value` is only touched inside `withLock`.
///
/// ## Example
/// ```swift
/// let phase = Locked("designing")
/// phase.withLock { $0 = "balancing" }
/// print(phase.current)
/// ```
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// A box holding `value`.
    public init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, holding the lock.
    /// - Throws: what `body` throws.
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock(); defer { lock.unlock() }
        return try body(&value)
    }

    /// A copy of the value.
    public var current: Value { withLock { $0 } }
}

/// A counter shared by worker threads: hands out work items 0, 1, 2, ... (``take(below:)``) or
/// adds up work done (``add(_:)``). `@unchecked Sendable`: `value` is read and written under `lock`.
final class WorkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// The next item, or nil once `limit` items have been handed out.
    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }

    /// Adds `amount`; returns the new total.
    func add(_ amount: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        value += amount
        return value
    }
}

/// A buffer handed to the workers of one `concurrentPerform`: read by all of them, or written in
/// disjoint index ranges, one range per worker. `@unchecked Sendable`: no two workers touch the
/// same element for writing, and the buffer outlives the `concurrentPerform` call that uses it.
struct SharedBuffer<Buffer>: @unchecked Sendable {
    let base: Buffer
    init(_ base: Buffer) { self.base = base }
}

/// `body(item)` for every item of `0..<count` on up to `threads` threads, taken in the order
/// `order` gives (e.g. largest first, so that the long ones do not finish last), results in item
/// order. The first error thrown stops the hand-out of further items and is rethrown once the
/// running ones finish.
func parallelMap<T: Sendable, E: Error>(
    count: Int, threads: Int, order: [Int]? = nil, _ body: @Sendable (Int) throws(E) -> T
) throws(E) -> [T] {
    let results = Locked([T?](repeating: nil, count: count))
    let failure = Locked<E?>(nil)
    let next = WorkCounter()
    DispatchQueue.concurrentPerform(iterations: max(1, min(threads, count))) { _ in
        while failure.current == nil, let k = next.take(below: count) {
            let item = order?[k] ?? k
            do throws(E) {
                let value = try body(item)
                results.withLock { $0[item] = value }
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
    }
    if let error = failure.current { throw error }
    return results.current.map { $0! }
}

/// `body(worker)` for every worker of `0..<workers` at once, one thread each (the calling thread
/// alone when there is one): the loops that give each worker a share of their own (a chunk of
/// the input, ``chunk(_:of:in:)``, or an independent search). The one place besides
/// ``parallelMap(count:threads:order:_:)`` that starts threads.
func onEachWorker(_ workers: Int, _ body: @Sendable (Int) -> Void) {
    if workers <= 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: body) }
}

/// Worker `w`'s share of `0..<count` cut into `workers` contiguous chunks whose sizes differ by
/// at most one.
@inline(__always)
func chunk(_ w: Int, of workers: Int, in count: Int) -> Range<Int> { (count * w / workers)..<(count * (w + 1) / workers) }

/// A value computed on a background queue; ``get()`` waits for it (and rethrows its error).
final class BackgroundResult<Value: Sendable>: @unchecked Sendable {
    // Written once on the queue before `done` is signalled, read only after waiting on it.
    private var result: Result<Value, Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async { [self] in
            result = Result { try body() }
            done.signal()
        }
    }

    func get() throws -> Value {
        done.wait()
        done.signal()  // later calls return at once
        return try result!.get()
    }
}
