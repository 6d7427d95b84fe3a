/// A failure reported by GDAL, with GDAL's own message where it gave one.
public enum GDALError: Error, Equatable, Sendable, CustomStringConvertible {
    /// GDAL could not be loaded; the text says what to install.
    case notInstalled(String)
    /// A dataset could not be opened or created.
    case cannotOpen(source: String, message: String)
    /// A layer is not in the dataset, or several layers could be meant.
    case layer(source: String, message: String)
    /// A spatial reference could not be read or built.
    case spatialReference(String)
    /// Reading a feature or its geometry failed.
    case read(source: String, message: String)
    /// Writing a layer, field or feature failed.
    case write(destination: String, message: String)

    public var description: String {
        switch self {
        case let .notInstalled(message): return message
        case let .cannotOpen(source, message): return "\(source): cannot open: \(message)"
        case let .layer(source, message): return "\(source): \(message)"
        case let .spatialReference(message): return "unknown CRS: \(message)"
        case let .read(source, message): return "\(source): \(message)"
        case let .write(destination, message): return "\(destination): cannot write: \(message)"
        }
    }
}
