import CGEOS
import Foundation

/// The GEOS context of the current thread, with the last error GEOS reported on it.
///
/// Every GEOS call goes through the reentrant `_r` API with the calling thread's context.
/// Contexts live in thread-local storage and are released when their thread exits, so no
/// operation ever pays for creating one (measured at ~200x the cost of a prepared query).
/// A Swift task may hop threads between suspension points, but every GEOS call here is
/// synchronous, so one call always runs start to finish on one thread with one context.
final class GEOSContext {
    let handle: GEOSContextHandle_t
    /// Text of the last error GEOS reported through the message handler on this context.
    var lastError: String?

    private var _wktReader: OpaquePointer?
    private var _wkbReader: OpaquePointer?

    /// `GEOS_init_r` is not thread-safe in every GEOS release (it touches global state on
    /// first use), so contexts are created one at a time.
    private static let creationLock = NSLock()

    private init() {
        GEOSContext.creationLock.lock()
        handle = GEOS_init_r()
        GEOSContext.creationLock.unlock()
        let me = Unmanaged.passUnretained(self).toOpaque()
        GEOSContext_setErrorMessageHandler_r(
            handle,
            { message, userData in
                guard let userData else { return }
                let context = Unmanaged<GEOSContext>.fromOpaque(userData).takeUnretainedValue()
                context.lastError = message.map { String(cString: $0) } ?? "unknown GEOS error"
            }, me)
        // Notices (e.g. "Self-intersection at ...") are informational; validity reasons are
        // read through GEOSisValidDetail_r instead, so notices are dropped.
        GEOSContext_setNoticeMessageHandler_r(handle, { _, _ in }, nil)
    }

    deinit {
        if let r = _wktReader { GEOSWKTReader_destroy_r(handle, r) }
        if let r = _wkbReader { GEOSWKBReader_destroy_r(handle, r) }
        GEOS_finish_r(handle)
    }

    /// A WKT reader owned by this context (readers are not thread-safe, so one per thread).
    var wktReader: OpaquePointer {
        if let r = _wktReader { return r }
        let r = GEOSWKTReader_create_r(handle)!
        _wktReader = r
        return r
    }

    /// A WKB reader owned by this context.
    var wkbReader: OpaquePointer {
        if let r = _wkbReader { return r }
        let r = GEOSWKBReader_create_r(handle)!
        _wkbReader = r
        return r
    }

    /// Forgets any earlier error before a call whose failure is to be reported.
    @inline(__always) func reset() { lastError = nil }

    /// Runs a GEOS predicate on this context and reads its answer (1 true, 0 false, 2 an
    /// exception, thrown with GEOS's text): the one rule plain and prepared predicates share.
    @inline(__always)
    func predicate(_ operation: String, _ call: (GEOSContextHandle_t) -> CChar) throws(GEOSError) -> Bool {
        reset()
        let r = call(handle)
        if r == 2 { throw error(operation) }
        return r == 1
    }

    /// The error for a failed call, with GEOS's own text when it gave one.
    func error(_ operation: String) -> GEOSError {
        let message = lastError ?? "GEOS reported a failure without a message"
        lastError = nil
        return GEOSError.geos(operation: operation, message: message)
    }

    // MARK: Thread-local storage

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            // Runs at thread exit: drop the thread's reference, which finishes the context.
            #if canImport(Darwin)
            Unmanaged<GEOSContext>.fromOpaque(pointer).release()
            #else
            if let pointer { Unmanaged<GEOSContext>.fromOpaque(pointer).release() }
            #endif
        }
        precondition(status == 0, "pthread_key_create failed: \(status)")
        return key
    }()

    /// The calling thread's context, created on first use.
    static var current: GEOSContext {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<GEOSContext>.fromOpaque(pointer).takeUnretainedValue()
        }
        let context = GEOSContext()
        pthread_setspecific(key, Unmanaged.passRetained(context).toOpaque())
        return context
    }
}

/// Runs `body` with the calling thread's GEOS context.
@inline(__always)
func withGEOS<R, E: Error>(_ body: (GEOSContext) throws(E) -> R) throws(E) -> R {
    try body(GEOSContext.current)
}

/// The installed GEOS library.
public enum GEOSLibrary {
    /// The version string of the GEOS C library loaded at run time, e.g. `3.11.1-CAPI-1.17.1`.
    public static var version: String { String(cString: GEOSversion()) }
    /// Whether the headers this package was built against have the GEOS 3.12 functions
    /// (native point predicates and coverage validation); otherwise equivalent 3.11 paths are used.
    public static var hasGEOS312Functions: Bool { cgeos_has_3_12() != 0 }
}
