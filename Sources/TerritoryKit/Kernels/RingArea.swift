import GEOS

/// Planar ring area by the shoelace formula, written once for every caller: the sign says the
/// orientation (positive counter-clockwise), the magnitude twice the area in the coordinates'
/// units squared.
enum RingArea {
    /// The cross product p × q: a ring's term for its edge p → q (twice the signed area of the
    /// triangle the edge makes with the origin).
    @inline(__always)
    static func term(_ p: Coordinate, _ q: Coordinate) -> Double { p.x * q.y - q.x * p.y }

    /// Twice the signed planar area of a closed ring (first point repeated last): positive when
    /// counter-clockwise.
    static func twiceSigned(_ ring: UnsafeBufferPointer<Coordinate>) -> Double {
        var sum = 0.0
        for k in 1..<ring.count { sum += term(ring[k - 1], ring[k]) }
        return sum
    }
}
