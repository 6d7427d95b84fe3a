import CFuzzer
import GEOS

/// WKT through GEOS's reader, then every writer and the validity check.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let g = try? Geometry(wkt: text) {
        _ = try? g.wkt()
        _ = try? g.wkb()
        _ = try? g.validityProblem()
        _ = g.envelope
        if g.type.isPolygonal { _ = try? g.polygonRings() }
    }
    return 0
}

/// The executable's entry point (SwiftPM names it `FuzzWKT_main`): hands over to libFuzzer.
@_cdecl("FuzzWKT_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    cfuzzer_main(argc, argv, fuzz)
}
