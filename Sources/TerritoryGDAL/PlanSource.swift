import Foundation
import TerritoryKit

extension TerritoryPlan {
    /// A plan as a user names it: a unit alignment (`unit_id,territory_id` CSV) over `units`,
    /// else a territory map from any source (`VectorSource.map`): a file, a layer of one
    /// (`file.gpkg:layer`), or a database table.
    ///
    /// ## Example
    /// ```swift
    /// let plan = try TerritoryPlan.open("plans.gpkg:plan_2027")
    /// let fromUnits = try TerritoryPlan.open("plan.csv", units: (counties, "counties.geojson"))
    /// ```
    /// - Parameters:
    ///   - spec: the plan.
    ///   - units: the units an alignment assigns, with their source's name; nil when plans are maps.
    ///   - layer: the layer of a map source (a `file:layer` spec names its own).
    ///   - sourceCRS: the CRS of a map source that declares none.
    ///   - properties: which properties hold the territory id.
    ///   - options: how the plan places customers.
    ///   - progress: called as a map is read with the bytes read so far and the total.
    /// - Throws: `TerritoryError` when the plan cannot be read, or for an alignment given
    ///   without units.
    public static func open(
        _ spec: String, units: (map: TerritoryMap, name: String)? = nil, layer: String? = nil, sourceCRS: String? = nil,
        properties: PropertyNames = PropertyNames(), options: AssignmentOptions = AssignmentOptions(),
        progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil
    ) throws(TerritoryError) -> TerritoryPlan {
        let isCSV = URL(fileURLWithPath: spec).pathExtension.lowercased() == "csv"
        if let units, isCSV {
            let alignment = try UnitAlignment.read(contentsOf: URL(fileURLWithPath: spec), units: units.map, unitsName: units.name)
            return try TerritoryPlan(units: units.map, alignment: alignment, options: options)
        }
        if isCSV, !VectorSource.isConnection(spec), let header = try? CSVTable.read(contentsOf: URL(fileURLWithPath: spec)).header,
            header.contains("unit_id")
        {
            throw .invalidArgument("\(spec) is a unit alignment; name the units it aligns with --units")
        }
        var path = spec, layer = layer
        // `file.gpkg:layer`: a layer of a file (a database connection keeps its colons).
        if !VectorSource.isConnection(spec), !FileManager.default.fileExists(atPath: spec), let colon = spec.lastIndex(of: ":"),
            FileManager.default.fileExists(atPath: String(spec[..<colon]))
        {
            path = String(spec[..<colon])
            layer = String(spec[spec.index(after: colon)...])
        }
        let map = try TerritoryMap.load(VectorSource.map(path, layer: layer, sourceCRS: sourceCRS), properties: properties, progress: progress)
        return try TerritoryPlan(map: map, options: options)
    }
}
