import GEOS

/// A point, bit for bit (with -0.0 as +0.0): the key of hash tables of points (the unit graph's
/// vertices, the coverage simplifier's chain ends, the coverage walk's ring vertices).
struct PointKey: Hashable {
    let x, y: UInt64
    init(_ c: Coordinate) { x = (c.x + 0).bitPattern; y = (c.y + 0).bitPattern }
    var coordinate: Coordinate { Coordinate(x: Double(bitPattern: x), y: Double(bitPattern: y)) }
}
