/// An error from the GEOS face: either GEOS itself refused an operation, or the input
/// could not be turned into a geometry.
public enum GEOSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// GEOS raised an error while running `operation`; `message` is GEOS's own text.
    case geos(operation: String, message: String)
    /// A WKT, WKB or GeoJSON text could not be read; `message` says why.
    case parse(format: String, message: String)
    /// The arguments describe no valid geometry (e.g. a ring with too few points, NaN coordinates).
    case invalidInput(String)
    /// The operation needs a GEOS version newer than the one installed.
    case unsupported(String)

    public var description: String {
        switch self {
        case let .geos(operation, message): return "GEOS \(operation) failed: \(message)"
        case let .parse(format, message): return "cannot read \(format): \(message)"
        case let .invalidInput(message): return "invalid geometry input: \(message)"
        case let .unsupported(message): return "unsupported: \(message)"
        }
    }
}
