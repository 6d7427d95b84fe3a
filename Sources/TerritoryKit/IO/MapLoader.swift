import Foundation

/// The one GeoJSON map loader: every way of reading a map (a file, text, bytes) comes here, and
/// this is where the strategy is chosen.
///
/// - **Small inputs, or one core**: the streaming reader hands each feature to the inspector on
///   the calling thread as soon as it is read.
/// - **Large inputs (over 1 MB) on several cores**: a structural scan finds each feature's bytes
///   (``GeoJSONReader/layout(_:)``) and every core parses, builds and checks its own run of
///   features; ids are then compared in file order (``parallel(_:inspector:threads:)``).
/// - **Anything unusual on that path** (a syntax error, a repeated member, no features): the
///   streaming reader reads the same bytes for its exact report, with geometry building on a
///   second thread (``BackgroundInspector``).
///
/// All three give the same features and the same errors (`MapLoaderTests`).
enum MapLoader {
    /// Reads and checks every feature of a GeoJSON file, memory-mapped.
    static func inspect(
        contentsOf url: URL, inspector: FeatureInspector, progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)?
    ) throws -> [InspectedFeature] {
        let data = try GeoJSONReader.readFile(url)
        return try data.withUnsafeBytes { raw in
            try inspect(raw.bindMemory(to: UInt8.self), source: url.path, inspector: inspector, progress: progress)
        }
    }

    /// Reads and checks every feature of GeoJSON bytes (UTF-8); `source` names them in errors.
    static func inspect(
        _ bytes: UnsafeBufferPointer<UInt8>, source: String, inspector: FeatureInspector,
        cores: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: ((_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil
    ) throws -> [InspectedFeature] {
        let total = bytes.count
        if total > 1 << 20, cores > 1 {
            if let features = parallel(bytes, inspector: inspector, threads: cores) {
                progress?(total, total)
                return features
            }
            let background = BackgroundInspector(inspector)
            try GeoJSONReader.read(bytes, source: source, startOver: { background.startOver() }) { record, header in
                background.add(record, header: header)
                progress?(record.endOffset, total)
            }
            return try background.finish()
        }
        var serial = inspector
        try GeoJSONReader.read(bytes, source: source, startOver: { serial.startOver() }) { record, header in
            try serial.add(record, header: header)
            progress?(record.endOffset, total)
        }
        return serial.features
    }

    /// A plain, well-formed FeatureCollection loaded on every core, or nil for anything else
    /// (the caller then streams it for the exact report).
    ///
    /// The features are split into one contiguous run per thread; each thread parses its run with
    /// the streaming reader's feature parser and builds and checks the geometries (GEOS has a
    /// context per thread). Ids are then compared in file order, so the result is the streaming
    /// reader's. Memory holds one feature's coordinate arrays per thread.
    static func parallel(_ bytes: UnsafeBufferPointer<UInt8>, inspector: FeatureInspector, threads: Int) -> [InspectedFeature]? {
        guard let layout = GeoJSONReader.layout(bytes), !layout.features.isEmpty else { return nil }
        let ranges = layout.features
        let results = Locked([InspectedFeature?](repeating: nil, count: ranges.count)), failed = Locked(false)
        let threads = max(1, min(threads, ranges.count))
        let pointer = SharedBuffer(bytes)
        onEachWorker(threads) { t in
            var local = inspector
            for k in chunk(t, of: threads, in: ranges.count) {
                guard !failed.current else { return }
                var parser = JSONParser(pointer.base)
                parser.offset = ranges[k].lowerBound
                parser.depth = 2  // inside the collection object and the features array, as streamed
                guard var record = try? GeoJSONReader.readFeature(&parser, index: k),
                    parser.peek() != nil, parser.offset == ranges[k].upperBound
                else { failed.withLock { $0 = true }; return }
                record.endOffset = parser.offset
                guard var feature = try? local.inspectGeometry(record, header: layout.header) else { failed.withLock { $0 = true }; return }
                // The id's text is read here, on every core; only the check against the ids
                // before it is left to the serial pass in file order.
                feature.id = local.idText(of: feature)
                results.withLock { $0[k] = feature }
            }
        }
        guard !failed.current else { return nil }
        var features = results.current
        var ordered = inspector
        ordered.reserve(ranges.count)
        for k in ranges.indices {
            guard var feature = features[k] else { return nil }
            features[k] = nil
            ordered.registerID(&feature, idRead: true)
            ordered.append(feature)
        }
        return ordered.features
    }
}

/// Runs a ``FeatureInspector`` on a second thread while the calling thread parses the file:
/// building each feature's GEOS geometry and checking its validity then overlaps with parsing
/// the next features, which on a large map is about half the loading time.
///
/// Features are inspected strictly in file order on one serial queue (ids are checked against
/// the ones before), so the result is the same as inspecting on the calling thread. At most
/// `limit` parsed features wait for the queue, so memory stays bounded whatever the file size.
final class BackgroundInspector: @unchecked Sendable {
    // `inspector` and `failure` are only touched on `queue` (and read after `queue.sync`), so
    // the class is safe to share with the queue's blocks.
    private var inspector: FeatureInspector
    private var failure: Error?
    private let queue = DispatchQueue(label: "TerritoryKit.BackgroundInspector")
    private let slots: DispatchSemaphore

    init(_ inspector: FeatureInspector, limit: Int = 64) {
        self.inspector = inspector
        slots = DispatchSemaphore(value: limit)
    }

    /// Queues a feature for inspection.
    func add(_ record: FeatureRecord, header: FeatureCollectionHeader) {
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard failure == nil else { return }
            do { try inspector.add(record, header: header) } catch { failure = error }
        }
    }

    /// Forgets every feature queued so far (the reader reads them again in another CRS).
    func startOver() {
        queue.sync {
            inspector.startOver(); failure = nil
        }
    }

    /// Waits for the queued features and returns them all, or the first error.
    func finish() throws -> [InspectedFeature] {
        try queue.sync {
            if let failure { throw failure }
            return inspector.features
        }
    }
}
