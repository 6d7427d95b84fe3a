import CFuzzer
import TerritoryKit

/// OSRM table answers from raw bytes, through the HTTP reader (lengths, chunks) and the table's
/// JSON reader that every `--osrm` request uses: any input is read or refused, never a trap.
/// Seeded with real answers of osrm-routed (Fuzz/seeds/osrm).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    if let answer = try? OSRMTableAnswer(httpBytes: Array(UnsafeBufferPointer(start: data, count: size))) {
        // Rows read are rows of numbers or nulls, whatever their count.
        for row in answer.durations ?? [] { for cell in row { precondition(cell.map { !$0.isNaN } ?? true) } }
    }
    return 0
}

/// The executable's entry point (SwiftPM names it `FuzzOSRMAnswer_main`): hands over to libFuzzer.
@_cdecl("FuzzOSRMAnswer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    cfuzzer_main(argc, argv, fuzz)
}
