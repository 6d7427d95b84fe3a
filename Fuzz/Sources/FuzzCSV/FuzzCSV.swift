import CFuzzer
import TerritoryKit

/// Customer CSV files from raw bytes, read twice: in one chunk and in 7-byte chunks, so chunk
/// boundaries fall everywhere. Both reads must agree row for row, or fail alike.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = read(bytes, chunkBytes: 1 << 20), small = read(bytes, chunkBytes: 7)
    precondition(whole == small, "chunked reading disagrees with whole reading")
    return 0
}

/// Every row as (id, lon, lat, weight, line), or the error's text.
private func read(_ bytes: [UInt8], chunkBytes: Int) -> [String] {
    do {
        let reader = try CustomerCSVReader(bytes: bytes)
        reader.chunkBytes = chunkBytes
        var rows: [String] = [], batch = CustomerBatch()
        while try reader.next(into: &batch) {
            let lines = batch.line
            for i in 0..<batch.count { rows.append("\(batch.id(i))|\(batch.lon[i])|\(batch.lat[i])|\(batch.weight[i])|\(lines[i])") }
        }
        return rows
    } catch {
        return ["error: \(error)"]
    }
}

/// The executable's entry point (SwiftPM names it `FuzzCSV_main`): hands over to libFuzzer.
@_cdecl("FuzzCSV_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    cfuzzer_main(argc, argv, fuzz)
}
