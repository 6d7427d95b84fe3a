import CGDAL

/// Bytes shown to GDAL as a file under `/vsimem/`, so that GDAL's drivers can read data that
/// is already in memory (a GeoJSON text made by another writer) without a temporary file.
public enum MemoryFile {
    /// Runs `body` while `buffer` is readable by GDAL at `path` (which must start with
    /// `/vsimem/`). GDAL does not take or copy the buffer: it must stay alive and unchanged
    /// until `body` returns, and every dataset opened on the path must be closed by then.
    /// - Throws: ``GDALError/cannotOpen(source:message:)`` when GDAL refuses the buffer, or what
    ///   `body` throws.
    public static func with<R>(path: String, buffer: UnsafeMutableBufferPointer<UInt8>, _ body: () throws -> R) throws -> R {
        let (file, message) = try GDALLibrary.call { g in g.VSIFileFromMemBuffer!(path, buffer.baseAddress, UInt64(buffer.count), 0) }
        guard let file else { throw GDALError.cannotOpen(source: path, message: message ?? "cannot map the bytes") }
        let g = try GDALLibrary.api()
        _ = g.VSIFCloseL!(file)  // the in-memory file stays until unlinked
        defer { _ = g.VSIUnlink!(path) }
        return try body()
    }
}
