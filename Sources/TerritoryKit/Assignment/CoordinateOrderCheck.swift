/// Whether customers' longitudes and latitudes look swapped: most of them lie outside every
/// territory, and with the two swapped most of those would lie inside one. A file exported with
/// `lat,lon` in the columns named `lon,lat` (or read with the column options the wrong way
/// round) otherwise reads without an error and leaves nearly everyone unassigned.
///
/// ## Example
/// ```swift
/// let check = CoordinateOrderCheck(batch: firstCustomers, assigner: assigner)
/// if check.looksSwapped { print("give --swap-lon-lat") }
/// ```
public struct CoordinateOrderCheck: Sendable, Equatable {
    /// The customers looked at.
    public let sampled: Int
    /// Of them, those no territory covers.
    public let outside: Int
    /// Of those, the ones a territory would cover with longitude and latitude swapped (a
    /// longitude beyond ±90° cannot be a latitude: not counted).
    public let insideWhenSwapped: Int

    /// Looks at every customer of `batch` (a sample: the first few thousand of a file).
    public init(batch: CustomerBatch, assigner: TerritoryAssigner) {
        var outside = 0, inside = 0
        for i in 0..<batch.count where assigner.assign(lon: batch.lon[i], lat: batch.lat[i]).territory == nil {
            outside += 1
            if abs(batch.lon[i]) <= 90, assigner.assign(lon: batch.lat[i], lat: batch.lon[i]).territory != nil { inside += 1 }
        }
        sampled = batch.count
        self.outside = outside
        insideWhenSwapped = inside
    }

    /// Whether more than half the customers lie outside every territory and more than half of
    /// those would lie inside one with the coordinates swapped.
    public var looksSwapped: Bool { outside * 2 > sampled && insideWhenSwapped * 2 > outside }
}
