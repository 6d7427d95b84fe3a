import CFuzzer
import Foundation
import TerritoryKit

/// The whole map loader on raw bytes (no String conversion, so invalid UTF-8 reaches it), two
/// ways: the input as a file, and the input as the value of a property inside an otherwise valid
/// map (as JSONTestSuite is run in the tests). A map that loads must write GeoJSON that loads
/// again with the same ids and the same property, and must validate and assign without error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Data(bytes: data, count: size)
    check(bytes)
    let embedded =
        Data(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"A","x":"#.utf8) + bytes
        + Data(#"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]}"#.utf8)
    check(embedded)
    return 0
}

private func check(_ bytes: Data) {
    if let features = try? TerritoryMap.inspect(GeoJSONText(bytes)) { _ = try? Validator.validate(features) }
    guard let map = try? TerritoryMap.load(GeoJSONText(bytes)) else { return }
    // Whatever loaded must survive a write and a reload unchanged.
    guard let written = try? map.geoJSON() else { fatalError("a loaded map failed to write") }
    guard let again = try? TerritoryMap.load(GeoJSONText(written)) else { fatalError("written GeoJSON does not load again:\n\(written)") }
    precondition(again.territories.map(\.id) == map.territories.map(\.id), "ids changed in a round trip")
    precondition(again.territories.map(\.properties) == map.territories.map(\.properties), "properties changed in a round trip")
    guard (try? Validator.validate(map)) != nil else { fatalError("a loaded map failed to validate") }
    if let assigner = try? TerritoryAssigner(map: map) { _ = assigner.assign(lon: 0.5, lat: 0.5) }
}

/// The executable's entry point (SwiftPM names it `FuzzMapLoader_main`): hands over to libFuzzer.
@_cdecl("FuzzMapLoader_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    cfuzzer_main(argc, argv, fuzz)
}
