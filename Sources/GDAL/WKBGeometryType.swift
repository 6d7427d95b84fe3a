import CGDAL

/// An OGR geometry type (`OGRwkbGeometryType`), with its 2D form and name.
public struct WKBGeometryType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// GDAL's value (2.5D types carry bit 31, ISO Z/M types add 1000/2000/3000).
    public let rawValue: UInt32
    /// A geometry type from GDAL's value.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// No geometry (a table).
    public static let none = WKBGeometryType(rawValue: UInt32(CwkbNone))
    /// Unknown or mixed.
    public static let unknown = WKBGeometryType(rawValue: UInt32(CwkbUnknown))
    /// Point.
    public static let point = WKBGeometryType(rawValue: UInt32(CwkbPoint))
    /// LineString.
    public static let lineString = WKBGeometryType(rawValue: UInt32(CwkbLineString))
    /// Polygon.
    public static let polygon = WKBGeometryType(rawValue: UInt32(CwkbPolygon))
    /// MultiPoint.
    public static let multiPoint = WKBGeometryType(rawValue: UInt32(CwkbMultiPoint))
    /// MultiLineString.
    public static let multiLineString = WKBGeometryType(rawValue: UInt32(CwkbMultiLineString))
    /// MultiPolygon.
    public static let multiPolygon = WKBGeometryType(rawValue: UInt32(CwkbMultiPolygon))

    /// The type without Z or M (`Polygon 25D` and `Polygon ZM` are `Polygon`).
    public var flat: WKBGeometryType {
        let base = rawValue & 0x7FFF_FFFF
        return WKBGeometryType(rawValue: base == UInt32(CwkbNone) ? base : base % 1000)
    }

    /// Polygon, MultiPolygon, or a curved polygon type (CurvePolygon, MultiSurface, ...).
    public var isPolygonal: Bool {
        let f = flat.rawValue
        return f == 3 || f == 6 || f == 10 || f == 12 || f == 15 || f == 16
    }

    /// Point or MultiPoint.
    public var isPoint: Bool { flat == .point || flat == .multiPoint }

    /// GDAL's name for the type (`Polygon`, `3D Multi Polygon`, `None`, ...).
    public var description: String {
        guard let g = try? GDALLibrary.api(), let name = g.OGRGeometryTypeToName!(rawValue) else { return "type \(rawValue)" }
        return String(cString: name)
    }
}
