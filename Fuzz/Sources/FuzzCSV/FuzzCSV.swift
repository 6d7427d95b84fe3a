import CFuzzer
import TerritoryKit

/// Customer CSV files, read in tiny chunks so chunk boundaries fall everywhere.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let reader = try? CustomerCSVReader(text: text) else { return 0 }
    reader.chunkBytes = 7
    var batch = CustomerBatch()
    while (try? reader.next(into: &batch)) == true {
        for i in 0..<batch.count { _ = batch.id(i) }
    }
    return 0
}

/// The executable's entry point (SwiftPM names it `FuzzCSV_main`): hands over to libFuzzer.
@_cdecl("FuzzCSV_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    cfuzzer_main(argc, argv, fuzz)
}
