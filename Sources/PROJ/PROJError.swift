/// An error from the PROJ face.
public enum PROJError: Error, Equatable, Sendable, CustomStringConvertible {
    /// PROJ does not know the coordinate reference system `crs` (or cannot build the operation).
    case unknownCRS(crs: String, message: String)
    /// No transformation between the two CRSs could be built.
    case noTransformation(source: String, target: String, message: String)
    /// A coordinate could not be transformed (e.g. outside the projection's domain).
    case transformFailed(index: Int, coordinate: String, message: String)
    /// A geodesic input was outside its domain (latitude beyond ±90°, non-finite values, ...).
    case invalidInput(String)
    /// The PROJ library could not be loaded (not installed, or too old); the reason says which.
    case notInstalled(String)

    public var description: String {
        switch self {
        case let .unknownCRS(crs, message): return "unknown CRS '\(crs)': \(message)"
        case let .noTransformation(source, target, message): return "no transformation from '\(source)' to '\(target)': \(message)"
        case let .transformFailed(index, coordinate, message): return "cannot transform coordinate \(index) \(coordinate): \(message)"
        case let .invalidInput(message): return "invalid input: \(message)"
        case let .notInstalled(message): return message
        }
    }
}
