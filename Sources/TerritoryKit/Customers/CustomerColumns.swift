import Foundation

/// Which CSV columns hold a customer's id, longitude, latitude and weight.
public struct CustomerColumns: Sendable, Equatable {
    /// The id column (any text).
    public var id = "id"
    /// The longitude column (decimal degrees, WGS 84).
    public var lon = "lon"
    /// The latitude column (decimal degrees, WGS 84).
    public var lat = "lat"
    /// The weight column (a non-negative number, e.g. revenue potential). When the file has no
    /// such column every customer weighs 1, unless `weightRequired` is set.
    public var weight = "weight"
    /// Whether a missing weight column is an error (set when the user named the column).
    public var weightRequired = false
    /// A column of visit minutes per customer (a non-negative number), read into
    /// ``CustomerBatch/visitMinutes`` when named; the file must then have it.
    public var visitMinutes: String?
    /// Whether the ``lon`` column holds latitudes and the ``lat`` column longitudes (an export
    /// that swapped them): each row's two values are read the other way round.
    public var swapLonLat = false
    /// Column names: `id`, `lon`, `lat`, an optional `weight` and no visit minutes unless given.
    public init(
        id: String = "id", lon: String = "lon", lat: String = "lat", weight: String = "weight",
        weightRequired: Bool = false, visitMinutes: String? = nil
    ) {
        self.id = id; self.lon = lon; self.lat = lat; self.weight = weight
        self.weightRequired = weightRequired; self.visitMinutes = visitMinutes
    }
}
