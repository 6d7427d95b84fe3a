import GEOS
import TestFixtures

/// The features of a fixture FeatureCollection as geometries, in file order.
func fixtureGeometries(_ name: String) throws -> [Geometry] {
    try Geometry(geoJSON: Fixtures.text(name)).parts
}

func square(_ x: Double, _ y: Double, _ size: Double) throws -> Geometry {
    try Geometry.rectangle(Envelope(minX: x, minY: y, maxX: x + size, maxY: y + size))
}
