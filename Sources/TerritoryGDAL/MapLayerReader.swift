import Foundation
import GDAL
import GeoTypes
import TerritoryKit

extension VectorSource: MapSource {
    /// Reads and checks every feature of the source's polygon layer, from any GDAL source: a
    /// Shapefile (also zipped), a GeoPackage, a File Geodatabase, FlatGeobuf, KML, GML,
    /// GeoJSONSeq, CSV with WKT, or a PostGIS table. Coordinates are transformed from the
    /// layer's CRS to lon/lat with PROJ (axis order as the CRS's authority defines it, e.g.
    /// latitude first for EPSG:4269 data that GDAL hands over in that order), and every feature
    /// is checked as a GeoJSON file's are (`FeatureRecords`).
    ///
    /// ## Example
    /// ```swift
    /// let map = try TerritoryMap.load(VectorSource("territories.gpkg", layer: "plan_2027"))
    /// ```
    /// - Throws: `TerritoryError.unreadableFile(path:reason:)` when the source cannot be
    ///   opened or the layer is missing or ambiguous, `TerritoryError.invalidArgument(_:)`
    ///   for an unknown CRS or a layer without one whose coordinates are not lon/lat.
    public func inspect(
        properties: PropertyNames, checkValidity: Bool, progress: ((Int, Int) -> Void)?
    ) throws(TerritoryError)
        -> [InspectedFeature]
    {
        try FeatureRecords(try TerritoryMap.polygonRecords(self, properties: properties), name: name)
            .inspect(properties: properties, checkValidity: checkValidity, progress: progress)
    }

    /// The source of a map or units at `path`: a GeoJSON file (`.geojson`, `.json`) read by the
    /// project's own reader (`GeoJSONFile`), anything else (another format, a folder, a
    /// `/vsi...` path, a database connection) read through GDAL with `layer` and `sourceCRS`.
    public static func map(_ path: String, layer: String? = nil, sourceCRS: String? = nil) -> any MapSource {
        readsMapThroughGDAL(path) ? VectorSource(path, layer: layer, sourceCRS: sourceCRS) : GeoJSONFile(URL(fileURLWithPath: path))
    }
}

extension TerritoryMap {
    /// The features of the source's polygon layer as records in lon/lat.
    static func polygonRecords(_ source: VectorSource, properties: PropertyNames) throws(TerritoryError) -> [FeatureRecord] {
        let dataset = try source.open()
        if dataset.driverName == "ESRI Shapefile" { try checkShapefileLength(source) }
        let layer = try source.pickLayer(in: dataset, kind: "polygon") { $0.geometryType.isPolygonal || $0.geometryType.flat == .unknown }
        let conversion = try LonLatConversion(layer: layer, override: source.sourceCRS, source: source.name)
        let fields = layer.fields
        // A GeoPackage's or database's id column (GDAL's FID column) is a property like the
        // others, first as in the source's table: often it is the id (ogr2ogr makes a GeoJSON
        // `id` the GeoPackage's key).
        let fidColumn = layer.fidColumn.flatMap { name in fields.contains { $0.name == name } ? nil : name }
        // KML's placemark <name> is GDAL's `Name` field: it is the `name` property (as this
        // package writes KML) unless the layer has one of its own.
        let kmlName =
            ["KML", "LIBKML"].contains(dataset.driverName) && !fields.contains { $0.name == "name" }
            ? fields.firstIndex { $0.name == "Name" } : nil
        var records: [FeatureRecord] = []
        do {
            try layer.forEachFeature { feature in
                var r = try record(feature, fields: fields, conversion: conversion, layer: layer.name, source: source.name)
                if let fidColumn { r.properties.insert(JSONMember(fidColumn, .number(String(feature.fid))), at: 0) }
                if let kmlName { r.properties[kmlName].key = "name" }
                records.append(r)
            }
        } catch let error as GDALError {
            throw TerritoryError(error, source: source.name)
        } catch let error as TerritoryError {
            throw error
        } catch {
            throw .unreadableFile(path: source.name, reason: "\(error)")
        }
        // As an empty GeoJSON FeatureCollection is: a map of no territories is no map (it would
        // validate "clean" and leave every customer out).
        guard !records.isEmpty else {
            throw .unreadableFile(path: source.name, reason: "the layer \(layer.name) has no features; a map needs at least one territory")
        }
        return records
    }

    /// A Shapefile whose .shp is shorter than its header says is damaged (cut off in a copy or a
    /// download): GDAL would read the missing shapes as features without geometry, which looks
    /// like a map of empty territories rather than a broken file. The header's bytes 24-27 hold
    /// the file's length in 16-bit words, big-endian.
    static func checkShapefileLength(_ source: VectorSource) throws(TerritoryError) {
        let path = source.path
        guard path.lowercased().hasSuffix(".shp"), let file = FileHandle(forReadingAtPath: path) else { return }
        defer { try? file.close() }
        guard let header = try? file.read(upToCount: 28), header.count == 28,
            let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber
        else {
            throw .unreadableFile(path: source.name, reason: "the .shp file is damaged: shorter than its 100-byte header")
        }
        let words = header[24..<28].reduce(0) { $0 << 8 | Int($1) }
        let declared = 2 * words, actual = size.intValue
        if actual < declared {
            throw .unreadableFile(
                path: source.name,
                reason: "the .shp file is damaged: \(actual) bytes of the \(declared) its header declares (cut off?); copy it again whole")
        }
    }

    private static func record(
        _ feature: VectorFeature, fields: [FieldDefinition], conversion: LonLatConversion, layer: String, source: String
    ) throws -> FeatureRecord {
        let properties = fields.indices.map { JSONMember(fields[$0].name, feature.value(at: $0).json) }
        var record = FeatureRecord(
            featureIndex: feature.index, featureID: nil, properties: properties, geometryType: nil, polygons: [])
        guard let wkb = try feature.wkb() else {
            record.defects.append(FeatureDefect(.emptyGeometry, "the feature has no geometry"))
            return record
        }
        let content: WKBPolygons.Content
        do { content = try WKBPolygons.read(wkb) } catch {
            record.defects.append(FeatureDefect(.malformedFeature, "the geometry's WKB is truncated"))
            return record
        }
        switch content {
        case .other:
            let name = feature.geometryType?.description ?? "unknown"
            record.geometryType = name
            record.defects.append(FeatureDefect(.wrongGeometryType, "geometry type is \(name); a territory must be a Polygon or MultiPolygon"))
        case let .polygons(typeName, polygons):
            record.geometryType = typeName
            if polygons.isEmpty {
                record.defects.append(FeatureDefect(.emptyGeometry, "the \(typeName) is empty"))
                return record
            }
            var converted = polygons
            for p in converted.indices {
                for r in converted[p].indices {
                    do { try conversion.convert(&converted[p][r]) } catch {
                        record.defects.append(
                            FeatureDefect(
                                .coordinateOutOfRange, "a coordinate cannot be transformed from \(conversion.crsName ?? "its CRS") to lon/lat"))
                        return record
                    }
                    if conversion.crsName == nil, let bad = firstNonLonLat(converted[p][r]) {
                        throw TerritoryError.invalidArgument(
                            "\(source): layer \(layer) declares no CRS and feature \(feature.index) has coordinate (\(bad.0), \(bad.1)), "
                                + "which is not longitude/latitude; name the CRS with --source-crs EPSG:NNNN")
                    }
                }
            }
            record.polygons = converted
        }
        return record
    }
}

/// The first (x, y) of a flat ring outside lon [-180, 180] / lat [-90, 90], if any.
func firstNonLonLat(_ ring: [Double]) -> (Double, Double)? {
    for i in stride(from: 0, to: ring.count - 1, by: 2) where !CoordinateRange.isValid(lon: ring[i], lat: ring[i + 1]) {
        return (ring[i], ring[i + 1])
    }
    return nil
}

extension FieldValue {
    /// The value as a JSON property: numbers keep their shortest exact text.
    var json: JSONValue {
        switch self {
        case .null: return .null
        case let .integer(i): return .number(String(i))
        case let .real(x): return x.isFinite ? .number(NumberText.shortest(x)) : .null
        case let .string(s): return .string(s)
        }
    }
}
