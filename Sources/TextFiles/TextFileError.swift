/// What can go wrong reading or writing a text file here, each case saying where.
///
/// The messages are the ones the territory library gives for the same faults
/// (`TerritoryError` has a case of the same name for each and converts with its
/// `init(_:)`), so a file named in an error reads the same whichever layer found it.
public enum TextFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read at all (missing, a directory, no permission).
    case unreadableFile(path: String, reason: String)
    /// A CSV problem at a 1-based line (the header is line 1).
    case csv(source: String, line: Int, message: String)
    /// Writing an output failed; nothing was left at `path`.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason): return "\(path): cannot read: \(reason)"
        case let .csv(source, line, message): return "\(source):\(line): \(message)"
        case let .writeFailed(path, reason): return "\(path): cannot write: \(reason)"
        }
    }
}
