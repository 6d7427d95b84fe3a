import CFuzzer
import Foundation
import TerritoryKit

/// GeoJSON territory files: reading, checking, and (when they load) validation and writing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    // Raw bytes, not a String: decoding would replace invalid UTF-8 before the reader sees it.
    let bytes = Data(bytes: data, count: size)
    if let features = try? TerritoryMap.inspect(GeoJSONText(bytes)) {
        _ = try? Validator.validate(features)
    }
    if let map = try? TerritoryMap.load(GeoJSONText(bytes)) {
        _ = try? map.geoJSON()
        if let assigner = try? TerritoryAssigner(map: map) { _ = assigner.assign(lon: 0.5, lat: 0.5) }
    }
    return 0
}

/// The executable's entry point (SwiftPM names it `FuzzGeoJSON_main`): hands over to libFuzzer.
@_cdecl("FuzzGeoJSON_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    cfuzzer_main(argc, argv, fuzz)
}
