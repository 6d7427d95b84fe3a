import GDAL
import GeoTypes

/// A layer's rows as text, as a CSV would hold them (null as empty, numbers shortest).
func layerRows(_ source: String, layer: String) throws -> [[String]] {
    var out: [[String]] = []
    try VectorDataset.open(source).layer(named: layer)?.forEachFeature { f in
        out.append(
            (0..<f.fieldCount).map { i in
                switch f.value(at: i) {
                case .null: return ""
                case let .integer(v): return String(v)
                case let .real(v): return NumberText.shortest(v)
                case let .string(s): return s
                }
            })
    }
    return out
}
