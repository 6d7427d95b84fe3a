import Foundation

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
