import GDAL
import GeoTypes
import PROJ
import TerritoryKit

/// How a layer's coordinates become lon/lat (WGS 84): which CRS they are in, whether the data
/// holds the CRS's axes swapped, and the PROJ transformation when the CRS is not WGS 84.
struct LonLatConversion {
    /// The CRS read or assumed, for messages; nil when the layer declares none.
    let crsName: String?
    /// The data's (x, y) are (latitude, longitude) / (northing, easting): swap before anything.
    let swapAxes: Bool
    /// PROJ's transformation to lon/lat, or nil when the coordinates are WGS 84 already.
    let transformer: CoordinateTransformer?

    /// Whether nothing at all needs to be done.
    var isIdentity: Bool { !swapAxes && transformer == nil }

    /// The conversion for a layer: `override` (the user's `--source-crs`) wins over the layer's
    /// CRS; a layer without one is taken as lon/lat and checked by the caller.
    init(layer: VectorLayer, override: String?, source: String) throws(TerritoryError) {
        do {
            if let override {
                let srs = try SpatialReference(override)
                crsName = override
                swapAxes = false  // the user's CRS is read in traditional GIS order (x = lon or easting)
                transformer = try LonLatConversion.transformer(for: srs)
                return
            }
            guard let srs = layer.spatialReference else {
                crsName = nil; swapAxes = false; transformer = nil
                return
            }
            crsName = srs.authority ?? "the layer's CRS"
            let data = Array(srs.dataAxisMapping.prefix(2)), traditional = Array(srs.traditionalAxisMapping.prefix(2))
            if data == traditional || data.isEmpty {
                swapAxes = false
            } else if data == traditional.reversed() {
                swapAxes = true
            } else {
                throw TerritoryError.invalidArgument(
                    "\(source): layer \(layer.name): axis mapping \(data) of \(crsName!) is not supported; name the CRS with --source-crs")
            }
            transformer = try LonLatConversion.transformer(for: srs)
        } catch let error as GDALError {
            throw TerritoryError(error, source: source)
        } catch let error as TerritoryError {
            throw error
        } catch let error as PROJError {
            throw .invalidArgument("\(source): layer \(layer.name): cannot transform \(crsNameForError(layer, override)) to lon/lat: \(error)")
        } catch {
            throw .invalidArgument("\(source): \(error)")
        }
    }

    /// nil for WGS 84 lon/lat (any of its names), else PROJ's transformation to it.
    private static func transformer(for srs: SpatialReference) throws -> CoordinateTransformer? {
        if srs.isEquivalent(to: try SpatialReference("EPSG:4326")) { return nil }
        return try CoordinateTransformer(from: srs.identifier, to: "EPSG:4326")
    }

    /// Converts a flat `[x0, y0, x1, y1, ...]` ring in place to lon/lat.
    /// - Throws: ``PROJError`` for a coordinate outside the CRS's domain.
    func convert(_ ring: inout [Double]) throws {
        if swapAxes {
            for i in stride(from: 0, to: ring.count - 1, by: 2) { ring.swapAt(i, i + 1) }
        }
        guard let transformer else { return }
        let coordinates = stride(from: 0, to: ring.count - 1, by: 2).map { Coordinate(x: ring[$0], y: ring[$0 + 1]) }
        let moved = try transformer.transform(coordinates)
        for (k, c) in moved.enumerated() { ring[2 * k] = c.x; ring[2 * k + 1] = c.y }
    }
}

private func crsNameForError(_ layer: VectorLayer, _ override: String?) -> String {
    override ?? layer.spatialReference?.authority ?? "the layer's CRS"
}
