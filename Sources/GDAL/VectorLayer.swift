import CGDAL

/// A layer of a ``VectorDataset``: features with fields and (usually) one geometry each.
/// Keeps its dataset open while it is in use.
public final class VectorLayer {
    let handle: COGRLayerH
    /// The dataset holding the layer.
    public let dataset: VectorDataset
    private var api: CGDALAPI { dataset.api }

    init(handle: COGRLayerH, dataset: VectorDataset) {
        self.handle = handle; self.dataset = dataset
    }

    /// The layer's (table's) name.
    public var name: String { cText(api.OGR_L_GetName!(handle)) }

    /// The column holding the feature ids in a database or GeoPackage (`fid`, `ogc_fid`, or a
    /// key such as `id`), or nil when the format has none (Shapefile, KML, CSV: ids there are
    /// only positions).
    public var fidColumn: String? {
        let name = cText(api.OGR_L_GetFIDColumn!(handle))
        return name.isEmpty ? nil : name
    }

    /// The declared geometry type (``WKBGeometryType/unknown`` for mixed, ``WKBGeometryType/none``
    /// for a table).
    public var geometryType: WKBGeometryType { WKBGeometryType(rawValue: api.OGR_L_GetGeomType!(handle)) }

    /// The layer's CRS, with the axis order of its data, or nil when it declares none.
    public var spatialReference: SpatialReference? {
        api.OGR_L_GetSpatialRef!(handle).flatMap { SpatialReference(cloning: $0, api: api) }
    }

    /// The attribute fields, in order.
    public var fields: [FieldDefinition] {
        let defn = api.OGR_L_GetLayerDefn!(handle)
        return (0..<Int(api.OGR_FD_GetFieldCount!(defn))).map { i in
            let f = api.OGR_FD_GetFieldDefn!(defn, Int32(i))
            return FieldDefinition(name: cText(api.OGR_Fld_GetNameRef!(f)), type: FieldType(raw: api.OGR_Fld_GetType!(f)))
        }
    }

    /// Whether features carry a geometry field.
    public var hasGeometry: Bool { api.OGR_FD_GetGeomFieldCount!(api.OGR_L_GetLayerDefn!(handle)) > 0 }

    /// The number of features (counted by reading when the driver cannot tell at once).
    public var featureCount: Int { Int(api.OGR_L_GetFeatureCount!(handle, 1)) }

    /// Calls `body` with every feature, in the layer's order. A feature is valid only inside
    /// the call.
    /// - Throws: what `body` throws, or ``GDALError/read(source:message:)`` when GDAL fails to
    ///   read a feature (a truncated or corrupt file, a lost connection).
    public func forEachFeature(_ body: (VectorFeature) throws -> Void) throws {
        let cursor = try makeCursor()
        while try cursor.next(body) != nil {}
    }

    /// A cursor over the features from the first, for reading a few at a time.
    /// - Throws: ``GDALError/read(source:message:)`` when GDAL cannot start reading.
    public func makeCursor() throws(GDALError) -> FeatureCursor {
        let (_, resetError) = try GDALLibrary.call { g in g.OGR_L_ResetReading!(handle) }
        if let resetError { throw GDALError.read(source: dataset.source, message: "layer \(name): \(hidePassword(resetError))") }
        return FeatureCursor(layer: self, types: fields.map(\.type))
    }

    /// Adds a field and returns its index in the layer's features (formats may hold fields of
    /// their own, such as KML's `Name`, so it need not be the count of fields added).
    /// - Throws: ``GDALError/write(destination:message:)`` when the format refuses it.
    @discardableResult
    public func createField(_ field: FieldDefinition) throws(GDALError) -> Int {
        let (err, message) = try GDALLibrary.call { g -> COGRErr in
            let f = g.OGR_Fld_Create!(field.name, field.type.raw)
            defer { g.OGR_Fld_Destroy!(f) }
            return g.OGR_L_CreateField!(handle, f, 1)
        }
        if err != COGRERR_NONE {
            throw .write(destination: dataset.source, message: "layer \(name), field \(field.name): \(message.map(hidePassword) ?? "refused")")
        }
        // A created field is appended to the layer's definition.
        return Int(api.OGR_FD_GetFieldCount!(api.OGR_L_GetLayerDefn!(handle))) - 1
    }

    /// Adds a feature with field values and a geometry as WKB.
    /// - Parameters:
    ///   - values: field values, the k-th for the field at `fieldIndexes[k]` (or at index k when
    ///     `fieldIndexes` is nil).
    ///   - fieldIndexes: where each value goes, as ``createField(_:)`` returned the indexes.
    ///   - wkb: the geometry as WKB (in the layer's CRS unless `transformation` is given), or nil.
    ///   - transformation: applied to the geometry before it is written.
    /// - Throws: ``GDALError/write(destination:message:)`` when GDAL refuses the feature.
    public func addFeature(
        _ values: [FieldValue], fieldIndexes: [Int]? = nil, wkb: [UInt8]?, transformation: CoordinateTransformation? = nil
    ) throws(GDALError) {
        let (err, message) = try GDALLibrary.call { g -> COGRErr in
            let f = g.OGR_F_Create!(g.OGR_L_GetLayerDefn!(handle))
            defer { g.OGR_F_Destroy!(f) }
            for (k, v) in values.enumerated() {
                let i = fieldIndexes?[k] ?? k
                switch v {
                case .null: g.OGR_F_SetFieldNull!(f, Int32(i))
                case let .integer(x): g.OGR_F_SetFieldInteger64!(f, Int32(i), x)
                case let .real(x): g.OGR_F_SetFieldDouble!(f, Int32(i), x)
                case let .string(s): g.OGR_F_SetFieldString!(f, Int32(i), s)
                }
            }
            if let wkb {
                var geometry: COGRGeometryH?
                let e = wkb.withUnsafeBytes { g.OGR_G_CreateFromWkb!($0.baseAddress, nil, &geometry, Int32($0.count)) }
                guard e == COGRERR_NONE, let geometry else { return e == COGRERR_NONE ? -1 : e }
                if let transformation, g.OGR_G_Transform!(geometry, transformation.handle) != COGRERR_NONE {
                    g.OGR_G_DestroyGeometry!(geometry)
                    return -1
                }
                _ = g.OGR_F_SetGeometryDirectly!(f, geometry)
            }
            return g.OGR_L_CreateFeature!(handle, f)
        }
        if err != COGRERR_NONE {
            throw .write(destination: dataset.source, message: "layer \(name): \(message.map(hidePassword) ?? "feature refused (OGR error \(err))")")
        }
    }
}

/// One feature being read (see ``VectorLayer/forEachFeature(_:)``); valid only inside that call.
public struct VectorFeature {
    let handle: COGRFeatureH
    let api: CGDALAPI
    let types: [FieldType]
    /// 0-based position of the feature in the reading order.
    public let index: Int

    /// The feature id GDAL gives it (the FID column, or a running number).
    public var fid: Int64 { api.OGR_F_GetFID!(handle) }

    /// The number of fields.
    public var fieldCount: Int { types.count }

    /// The value of field `i`, typed by the layer's field type.
    public func value(at i: Int) -> FieldValue {
        let field = Int32(i)
        guard api.OGR_F_IsFieldSetAndNotNull!(handle, field) != 0 else { return .null }
        switch types[i] {
        case .integer, .integer64: return .integer(api.OGR_F_GetFieldAsInteger64!(handle, field))
        case .real: return .real(api.OGR_F_GetFieldAsDouble!(handle, field))
        case .string, .date, .other: return .string(cText(api.OGR_F_GetFieldAsString!(handle, field)))
        }
    }

    /// The geometry's type, or nil when the feature has no geometry.
    public var geometryType: WKBGeometryType? {
        api.OGR_F_GetGeometryRef!(handle).map { WKBGeometryType(rawValue: api.OGR_G_GetGeometryType!($0)) }
    }

    /// Whether the feature's geometry is empty (false when it has none).
    public var geometryIsEmpty: Bool { api.OGR_F_GetGeometryRef!(handle).map { api.OGR_G_IsEmpty!($0) != 0 } ?? false }

    /// The geometry as ISO WKB (little-endian), in 2D, with curves replaced by line segments
    /// (GDAL's default step), ready for GEOS; nil when the feature has none.
    /// - Throws: ``GDALError/read(source:message:)`` when GDAL cannot export it.
    public func wkb() throws(GDALError) -> [UInt8]? {
        guard let g = api.OGR_F_GetGeometryRef!(handle) else { return nil }
        var geometry = g
        var linear: COGRGeometryH?
        if api.OGR_GT_IsNonLinear!(api.OGR_G_GetGeometryType!(g)) != 0 {
            linear = api.OGR_G_GetLinearGeometry!(g, 0, nil)
            guard let linear else { throw .read(source: "feature \(index)", message: "a curved geometry could not be made linear") }
            geometry = linear
        }
        defer { if let linear { api.OGR_G_DestroyGeometry!(linear) } }
        api.OGR_G_FlattenTo2D!(geometry)
        let size = Int(api.OGR_G_WkbSize!(geometry))
        var bytes = [UInt8](repeating: 0, count: size)
        let err = bytes.withUnsafeMutableBufferPointer { api.OGR_G_ExportToIsoWkb!(geometry, 1, $0.baseAddress) }
        guard err == COGRERR_NONE else { throw .read(source: "feature \(index)", message: "the geometry could not be exported as WKB") }
        return bytes
    }
}

/// Reads a layer's features one at a time (see ``VectorLayer/makeCursor()``).
public final class FeatureCursor {
    /// The layer read.
    public let layer: VectorLayer
    private let types: [FieldType]
    private var index = 0

    init(layer: VectorLayer, types: [FieldType]) { self.layer = layer; self.types = types }

    /// Reads the next feature and returns what `body` makes of it, or nil at the end of the layer.
    /// - Throws: what `body` throws, or ``GDALError/read(source:message:)`` when GDAL fails.
    public func next<R>(_ body: (VectorFeature) throws -> R) throws -> R? {
        let (next, message) = try GDALLibrary.call { g in g.OGR_L_GetNextFeature!(layer.handle) }
        guard let h = next else {
            if let message {
                throw GDALError.read(source: layer.dataset.source, message: "layer \(layer.name), feature \(index): \(hidePassword(message))")
            }
            return nil
        }
        let api = layer.dataset.api
        defer { api.OGR_F_Destroy!(h) }
        defer { index += 1 }
        return try body(VectorFeature(handle: h, api: api, types: types, index: index))
    }
}
