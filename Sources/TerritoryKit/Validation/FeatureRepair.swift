import Foundation

/// A map repaired from its features as a file holds them: what reading mended (a ring closed, an
/// id given or made unique), what it left out (features without a usable polygon), what the
/// ``Repairer`` changed, and the repaired map's validation.
///
/// ## Example
/// ```swift
/// let features = try TerritoryMap.inspect(GeoJSONFile(url))
/// let repair = try FeatureRepair.repair(features, source: url.path)
/// print(repair.text(), terminator: "")   // every change, one line each
/// ```
public struct FeatureRepair: Sendable {
    /// The repaired map.
    public let map: TerritoryMap
    /// What the repairer changed.
    public let log: RepairLog
    /// Defects reading mended in the features kept (invalid polygons are the repair's own).
    public let mended: [FeatureProblem]
    /// The features left out, one problem each, in file order.
    public let dropped: [FeatureProblem]
    /// The repaired map's validation.
    public let report: ValidationReport

    /// Repairs the usable part of `features`.
    /// - Parameters:
    ///   - features: the features as read (``TerritoryMap/inspect(_:properties:checkValidity:progress:)``).
    ///   - properties: which properties hold the ids.
    ///   - options: the repair's rules.
    ///   - source: the file, named in errors.
    /// - Throws: ``TerritoryError`` when no feature has a usable polygon (an empty map called
    ///   clean would be a quiet wrong answer), or when GEOS fails.
    public static func repair(
        _ features: [InspectedFeature], properties: PropertyNames = PropertyNames(), options: RepairOptions = RepairOptions(),
        source: String = "<map>"
    ) throws(TerritoryError) -> FeatureRepair {
        let (damaged, problems) = try TerritoryMap.usablePart(of: features, properties: properties, rebuildInvalid: false, source: source)
        let usable = Set(damaged.territories.map(\.featureIndex))
        let dropped = Dictionary(grouping: problems.filter { !usable.contains($0.featureIndex) }, by: \.featureIndex)
            .sorted { $0.key < $1.key }.map { $0.value[0] }
        let mended = problems.filter { usable.contains($0.featureIndex) && $0.defect.kind != .invalidGeometry }
        let (fixed, log) = try Repairer.repair(damaged, options: options)
        var validation = ValidationOptions()
        validation.properties = properties
        let report = try Validator.validate(fixed, options: validation)
        return FeatureRepair(map: fixed, log: log, mended: mended, dropped: dropped, report: report)
    }
}
