// TerritoryKit's API takes and returns GEOS and PROJ values (`Geometry`, `Coordinate`,
// `Envelope`, `Geodesic`, `CoordinateTransformer`, their errors), so importing TerritoryKit
// brings them too: users write `import TerritoryKit` and nothing else.
@_exported import GEOS
@_exported import PROJ
// JSONValue (properties), CSVTable (side files) and AtomicOutputFile appear in its API too.
@_exported import TextFiles
