// Value types shared by the GEOS and PROJ layers, with no C dependency: a PROJ user links
// PROJ alone, a GEOS user GEOS alone, and both speak the same `Coordinate` and `Envelope`.

/// A planar x, y position. Laid out as two `Double`s so arrays convert to GEOS buffers in bulk.
public struct Coordinate: Sendable, Hashable, CustomStringConvertible {
    /// The first ordinate (longitude, or easting).
    public var x: Double
    /// The second ordinate (latitude, or northing).
    public var y: Double
    /// A coordinate at `x`, `y`.
    public init(x: Double, y: Double) { self.x = x; self.y = y }
    /// Whether both ordinates are finite numbers (neither NaN nor infinite).
    public var isFinite: Bool { x.isFinite && y.isFinite }
    public var description: String { "(\(x), \(y))" }
}

/// An axis-aligned bounding box.
public struct Envelope: Sendable, Hashable, CustomStringConvertible {
    /// Smallest x.
    public var minX: Double
    /// Smallest y.
    public var minY: Double
    /// Largest x.
    public var maxX: Double
    /// Largest y.
    public var maxY: Double

    /// A box from its bounds.
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }

    /// Width (x extent).
    public var width: Double { maxX - minX }
    /// Height (y extent).
    public var height: Double { maxY - minY }

    /// Whether the point lies inside or on the edge of the box.
    @inline(__always) public func contains(x: Double, y: Double) -> Bool {
        x >= minX && x <= maxX && y >= minY && y <= maxY
    }

    /// Whether the two boxes share at least one point.
    @inline(__always) public func intersects(_ other: Envelope) -> Bool {
        other.minX <= maxX && other.maxX >= minX && other.minY <= maxY && other.maxY >= minY
    }

    /// The smallest box holding both.
    public func union(_ other: Envelope) -> Envelope {
        Envelope(
            minX: Swift.min(minX, other.minX), minY: Swift.min(minY, other.minY),
            maxX: Swift.max(maxX, other.maxX), maxY: Swift.max(maxY, other.maxY))
    }

    /// The box grown by `distance` on every side.
    public func expanded(by distance: Double) -> Envelope {
        Envelope(minX: minX - distance, minY: minY - distance, maxX: maxX + distance, maxY: maxY + distance)
    }

    public var description: String { "[\(minX), \(minY), \(maxX), \(maxY)]" }
}
