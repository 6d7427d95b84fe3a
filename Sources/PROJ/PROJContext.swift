import CPROJ
import Foundation

/// The PROJ context of the current thread and the transformations built on it.
///
/// PROJ objects (`PJ`) are tied to the context that created them and must not be used from
/// two threads at once, so each thread has its own context and its own cache of
/// transformations, keyed by source and target CRS. ``CoordinateTransformer`` values are
/// plain descriptions that can be shared; they find their `PJ` here on the calling thread.
final class PROJContext {
    let handle: OpaquePointer
    private var transformations: [String: OpaquePointer] = [:]
    private static let cacheLimit = 256
    /// PROJ's last log message on this context (e.g. `proj_create: crs not found`): PROJ would
    /// print it to stderr; it is kept here for the thrown error instead.
    private var lastLog: String?

    /// PROJ's functions (loaded when the first context is made).
    let api: CPROJAPI

    private init(api: CPROJAPI) throws(PROJError) {
        self.api = api
        guard let handle = api.proj_context_create() else { throw PROJError.notInstalled("PROJ could not create a context (out of memory?)") }
        self.handle = handle
        // The context lives as long as its thread and outlives every call that logs, so an
        // unretained pointer to it is safe as the log function's user data.
        api.proj_log_func(handle, Unmanaged.passUnretained(self).toOpaque()) { data, _, message in
            guard let data, let message else { return }
            Unmanaged<PROJContext>.fromOpaque(data).takeUnretainedValue().lastLog = String(cString: message)
        }
    }

    deinit {
        for pj in transformations.values { _ = api.proj_destroy(pj) }
        _ = api.proj_context_destroy(handle)
    }

    /// The message for the context's last error: PROJ's own log line when it wrote one (its
    /// error numbers alone often say only "Unknown error"), else the error number's text.
    func errorMessage() -> String {
        if let log = takeLog() { return log }
        let code = api.proj_context_errno(handle)
        guard code != 0, let text = api.proj_context_errno_string(handle, code) else { return "PROJ gave no reason" }
        return String(cString: text)
    }

    /// Forgets the last log message (before an operation whose failure it should explain).
    func clearLog() { lastLog = nil }

    /// The last log message, if any, forgetting it.
    func takeLog() -> String? {
        defer { lastLog = nil }
        return lastLog.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Checks that PROJ understands `definition` as a CRS.
    func validateCRS(_ definition: String) throws(PROJError) {
        clearLog()
        guard let crs = api.proj_create(handle, PROJContext.crsDefinition(definition)) else {
            throw PROJError.unknownCRS(crs: definition, message: errorMessage())
        }
        defer { _ = api.proj_destroy(crs) }
        guard api.proj_is_crs(crs) != 0 else {
            throw PROJError.unknownCRS(crs: definition, message: "the definition is not a coordinate reference system")
        }
    }

    /// A coordinate operation given directly as a PROJ string or pipeline, built once per thread.
    /// Much cheaper to create than a CRS-to-CRS transformation (no database search).
    func operation(_ definition: String) throws(PROJError) -> OpaquePointer {
        let key = "op\u{1}" + definition
        if let pj = transformations[key] { return pj }
        clearLog()
        guard let pj = api.proj_create(handle, definition) else {
            throw PROJError.unknownCRS(crs: definition, message: errorMessage())
        }
        store(pj, key)
        return pj
    }

    private func store(_ pj: OpaquePointer, _ key: String) {
        // Bounded: callers that build many local projections must not grow this without limit.
        if transformations.count >= PROJContext.cacheLimit {
            for old in transformations.values { _ = api.proj_destroy(old) }
            transformations.removeAll()
        }
        transformations[key] = pj
    }

    /// A PROJ string (`+proj=...`) describes an operation unless it says `+type=crs`;
    /// as a CRS definition it is meant as the CRS, so that is added.
    static func crsDefinition(_ definition: String) -> String {
        let trimmed = definition.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("+"), !trimmed.contains("+type=crs") { return trimmed + " +type=crs" }
        return definition
    }

    /// The transformation from `source` to `target` with lon/lat (x/y) axis order, built once per thread.
    func transformation(from source: String, to target: String) throws(PROJError) -> OpaquePointer {
        let key = source + "\u{1}" + target
        if let pj = transformations[key] { return pj }
        try validateCRS(source)
        try validateCRS(target)
        guard let raw = api.proj_create_crs_to_crs(handle, PROJContext.crsDefinition(source), PROJContext.crsDefinition(target), nil) else {
            throw PROJError.noTransformation(source: source, target: target, message: errorMessage())
        }
        defer { _ = api.proj_destroy(raw) }
        // EPSG:4326 is latitude-first by definition; normalising gives the traditional
        // GIS order (longitude, latitude / easting, northing) on both sides.
        guard let pj = api.proj_normalize_for_visualization(handle, raw) else {
            throw PROJError.noTransformation(source: source, target: target, message: errorMessage())
        }
        store(pj, key)
        return pj
    }

    // MARK: Thread-local storage

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            #if canImport(Darwin)
            Unmanaged<PROJContext>.fromOpaque(pointer).release()
            #else
            if let pointer { Unmanaged<PROJContext>.fromOpaque(pointer).release() }
            #endif
        }
        precondition(status == 0, "pthread_key_create failed: \(status)")
        return key
    }()

    /// The calling thread's context, created on first use (loading PROJ on the first of all).
    /// - Throws: ``PROJError/notInstalled(_:)`` when PROJ cannot be loaded.
    static var current: PROJContext {
        get throws(PROJError) {
            if let pointer = pthread_getspecific(key) {
                return Unmanaged<PROJContext>.fromOpaque(pointer).takeUnretainedValue()
            }
            let context = try PROJContext(api: PROJLibrary.api())
            pthread_setspecific(key, Unmanaged.passRetained(context).toOpaque())
            return context
        }
    }
}

/// The installed PROJ library, loaded on first use.
///
/// Nothing is loaded until a transformation or a geodesic measure is first made (or ``version``
/// is read): PROJ's shared library brings some 40 others (network, TLS, image formats), whose
/// loading would otherwise be most of every command's start-up.
public enum PROJLibrary {
    /// The function table, or why PROJ could not be loaded. Loaded once per process.
    static let loaded: Result<CPROJAPI, PROJError> = {
        var message = [CChar](repeating: 0, count: 512)
        guard let table = cproj_load(&message, message.count) else {
            return .failure(.notInstalled(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))
        }
        return .success(table.pointee)
    }()

    /// The function table.
    /// - Throws: ``PROJError/notInstalled(_:)`` when PROJ cannot be loaded.
    @inline(__always)
    static func api() throws(PROJError) -> CPROJAPI { try loaded.get() }

    /// The PROJ release in use at run time, e.g. `9.1.1`.
    /// - Throws: ``PROJError/notInstalled(_:)`` when PROJ cannot be loaded.
    public static var version: String {
        get throws(PROJError) { try api().proj_info().version.map { String(cString: $0) } ?? "unknown" }
    }
}
