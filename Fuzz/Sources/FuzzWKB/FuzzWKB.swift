import CFuzzer
import GEOS

/// WKB (bytes and hex) through GEOS's reader, then the writers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let g = try? Geometry(wkb: bytes) {
        _ = try? g.wkt()
        _ = try? g.wkbHex()
        _ = try? g.validityProblem()
    }
    _ = try? Geometry(wkbHex: String(decoding: bytes, as: UTF8.self))
    return 0
}

/// The executable's entry point (SwiftPM names it `FuzzWKB_main`): hands over to libFuzzer.
@_cdecl("FuzzWKB_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    cfuzzer_main(argc, argv, fuzz)
}
