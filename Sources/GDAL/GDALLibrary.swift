import CGDAL
import Foundation

/// The GDAL library, loaded on first use.
///
/// Nothing is loaded until a dataset is opened or created (or ``version`` is read), so programs
/// that link this target but read no layer start as fast as those that do not: GDAL brings in
/// about a hundred shared libraries. GDAL's own error printing is replaced by a handler that
/// records each thread's errors; they reach callers as ``GDALError`` values.
public enum GDALLibrary {
    /// The function table, or why GDAL could not be loaded. Loaded once per process.
    static let loaded: Result<CGDALAPI, GDALError> = {
        var message = [CChar](repeating: 0, count: 512)
        guard let table = cgdal_load(&message, message.count) else {
            return .failure(.notInstalled(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))
        }
        return .success(table.pointee)
    }()

    /// The function table.
    /// - Throws: ``GDALError/notInstalled(_:)`` when GDAL is not installed.
    @inline(__always)
    static func api() throws(GDALError) -> CGDALAPI { try loaded.get() }

    /// Whether GDAL can be loaded on this machine.
    public static var isAvailable: Bool { (try? api()) != nil }

    /// GDAL's release name, e.g. `3.6.2`.
    /// - Throws: ``GDALError/notInstalled(_:)`` when GDAL is not installed.
    public static var version: String {
        get throws(GDALError) { cText(try api().GDALVersionInfo!("RELEASE_NAME")) }
    }

    /// Sets one of GDAL's configuration options for the whole process (`OGR_WKT_PRECISION`, ...).
    /// - Throws: ``GDALError/notInstalled(_:)`` when GDAL is not installed.
    public static func setConfigOption(_ name: String, _ value: String?) throws(GDALError) {
        try api().CPLSetConfigOption!(name, value)
    }

    /// Runs a GDAL call with the thread's error record cleared, returning what it returned and
    /// GDAL's first error message of the call, if any.
    static func call<R>(_ body: (CGDALAPI) throws(GDALError) -> R) throws(GDALError) -> (R, String?) {
        let table = try api()
        cgdal_errors_reset()
        let result = try body(table)
        // GDAL's messages may span lines (libpq's do); callers print one line per error.
        let message = cgdal_first_error().map {
            String(cString: $0).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(
                separator: " ")
        }
        return (result, message)
    }
}

/// A C string GDAL returned, as Swift text ("" for NULL).
@inline(__always)
func cText(_ p: UnsafePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "" }
