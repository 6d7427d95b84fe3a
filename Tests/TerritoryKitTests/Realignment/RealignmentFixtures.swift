import Foundation
import TerritoryKit
import TestFixtures

/// The NC counties grouped into the fixture's eight territories (each territory's `counties`
/// property in nc_territories.geojson) as a unit alignment, for the realignment tests.
func countiesAlignment() throws -> (units: TerritoryMap, alignment: UnitAlignment, map: TerritoryMap) {
    let units = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_counties_sids2.geojson")))
    let map = try TerritoryMap.load(GeoJSONFile(Fixtures.url("nc_territories.geojson")))
    var territoryOf: [String: Int] = [:]
    for (t, territory) in map.territories.enumerated() {
        let counties = territory.properties.first { $0.key == "counties" }!.value.stringValue!
        for county in counties.split(separator: ",") { territoryOf[String(county)] = t }
    }
    let alignment = try UnitAlignment(territoryIDs: map.territories.map(\.id), territoryOfUnit: units.territories.map { territoryOf[$0.id]! })
    return (units, alignment, map)
}
