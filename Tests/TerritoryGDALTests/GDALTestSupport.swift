import GDAL

/// Reads what a test wrote, through the GDAL face directly.
enum GDALTestSupport {
    /// "name: type" of every field of a layer.
    static func fields(_ path: String, layer: String) throws -> [String] {
        let dataset = try VectorDataset.open(path)
        guard let l = dataset.layer(named: layer) else { return [] }
        return l.fields.map { f in
            let type: String
            switch f.type {
            case .integer, .integer64: type = "integer"
            case .real: type = "real"
            case .string: type = "string"
            case .date: type = "date"
            case .other: type = "other"
            }
            return "\(f.name): \(type)"
        }
    }

    /// Each layer's feature count.
    static func layers(_ path: String) throws -> [String: Int] {
        let dataset = try VectorDataset.open(path)
        return Dictionary(uniqueKeysWithValues: dataset.layers.map { ($0.name, $0.featureCount) })
    }

    /// Every feature's values and geometry, in layer order.
    static func features(_ path: String, layer: String) throws -> [([FieldValue], [UInt8]?)] {
        let dataset = try VectorDataset.open(path)
        guard let l = dataset.layer(named: layer) else { return [] }
        var out: [([FieldValue], [UInt8]?)] = []
        try l.forEachFeature { f in out.append(((0..<f.fieldCount).map { f.value(at: $0) }, try f.wkb())) }
        return out
    }
}
