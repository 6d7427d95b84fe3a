import Foundation

/// Values made once and kept for the rest of the run, by key: for tests that need the same
/// deterministic, costly result (a designed plan) in several test methods.
public final class Memo<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Value] = [:]

    /// An empty memo.
    public init() {}

    /// The value kept for `key`, made by `make` the first time.
    public func value(_ key: Key, _ make: () throws -> Value) rethrows -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value = values[key] { return value }
        let value = try make()
        values[key] = value
        return value
    }
}
