import GEOS
import PROJ
import TextFiles

/// Everything that can go wrong in the territory library, each case saying where.
public enum TerritoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read at all (missing, a directory, no permission).
    case unreadableFile(path: String, reason: String)
    /// The text is not valid JSON; `position` is where the parser stopped.
    case malformedJSON(source: String, position: TextPosition, message: String)
    /// Valid JSON, but not a GeoJSON FeatureCollection (or a feature list that cannot be used).
    case notAFeatureCollection(source: String, message: String)
    /// One feature is unusable: `index` is its 0-based position in `features`, `id` its id if known.
    case badFeature(source: String, index: Int, id: String?, defect: FeatureDefect)
    /// A CSV problem at a 1-based line (the header is line 1).
    case csv(source: String, line: Int, message: String)
    /// An argument is out of its domain (negative distance, empty map, ...).
    case invalidArgument(String)
    /// A geometry operation failed inside GEOS.
    case geometry(GEOSError)
    /// A projection or geodesic computation failed inside PROJ.
    case projection(PROJError)
    /// Writing an output failed; nothing was left at `path`.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason): return "\(path): cannot read: \(reason)"
        case let .malformedJSON(source, position, message): return "\(source):\(position.line):\(position.column): malformed JSON: \(message)"
        case let .notAFeatureCollection(source, message): return "\(source): not a GeoJSON FeatureCollection: \(message)"
        case let .badFeature(source, index, id, defect):
            return "\(source): feature \(index)\(id.map { " (id \($0))" } ?? ""): \(defect.kind.rawValue): \(defect.description)"
        case let .csv(source, line, message): return "\(source):\(line): \(message)"
        case let .invalidArgument(message): return "invalid argument: \(message)"
        case let .geometry(error): return error.description
        case let .projection(error): return error.description
        case let .writeFailed(path, reason): return "\(path): cannot write: \(reason)"
        }
    }
}

extension TerritoryError {
    /// The same fault, with the same message, as a territory-library error.
    public init(_ error: TextFileError) {
        switch error {
        case let .unreadableFile(path, reason): self = .unreadableFile(path: path, reason: reason)
        case let .csv(source, line, message): self = .csv(source: source, line: line, message: message)
        case let .writeFailed(path, reason): self = .writeFailed(path: path, reason: reason)
        }
    }
}

/// Runs a body and converts whatever it throws into ``TerritoryError``: GEOS and PROJ errors
/// are wrapped, text-file errors take the case of the same name, anything else becomes ``TerritoryError/invalidArgument(_:)`` with its text.
///
/// This is the one boundary conversion. The library's public entry points are declared
/// `throws(TerritoryError)` and run their bodies through it, so the compiler refuses any path
/// by which a raw `GEOSError` or `PROJError` could reach a caller.
@inline(__always)
func wrapped<R>(_ body: () throws -> R) throws(TerritoryError) -> R {
    do { return try body() } catch let e as TerritoryError { throw e } catch let e as GEOSError { throw .geometry(e) } catch let e as PROJError {
        throw .projection(e)
    } catch let e as TextFileError {
        throw TerritoryError(e)
    } catch { throw .invalidArgument("\(error)") }
}

/// What is wrong with one feature of a territory file.
public struct FeatureDefect: Sendable, Equatable, CustomStringConvertible {
    /// The kinds of defect.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case malformedFeature = "malformed feature"
        case wrongGeometryType = "wrong geometry type"
        case emptyGeometry = "empty geometry"
        case missingID = "missing id"
        case duplicateID = "duplicate id"
        case nonFiniteCoordinate = "non-finite coordinate"
        case coordinateOutOfRange = "coordinate out of range"
        case ringTooShort = "ring too short"
        case unclosedRing = "unclosed ring"
        case invalidGeometry = "invalid geometry"
    }

    /// The kind of defect.
    public let kind: Kind
    /// A sentence saying what is wrong (GEOS's reason for invalid geometry).
    public let message: String
    /// Where (lon, lat), when the defect has a place.
    public let location: Coordinate?

    /// A defect.
    public init(_ kind: Kind, _ message: String, location: Coordinate? = nil) {
        self.kind = kind; self.message = message; self.location = location
    }

    public var description: String { location.map { "\(message) at \($0)" } ?? message }
}

/// A defective feature: where it is in its file, its id, and what is wrong (in validation
/// reports, and in what a lenient load left out).
public struct FeatureProblem: Sendable, Equatable {
    /// 0-based position of the feature in the file.
    public let featureIndex: Int
    /// The feature's id, when it has one.
    public let id: String?
    /// What is wrong.
    public let defect: FeatureDefect

    /// A problem of the feature at `featureIndex`.
    public init(featureIndex: Int, id: String?, defect: FeatureDefect) {
        self.featureIndex = featureIndex; self.id = id; self.defect = defect
    }
}
