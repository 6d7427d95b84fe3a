import Foundation

/// Loads a large GeoJSON FeatureCollection on every core.
///
/// A structural scan (brackets and strings only, no number conversion) finds where each
/// feature's bytes begin and end; the features are then split into one contiguous run per
/// thread, and each thread parses its run with the same reader and builds and checks the
/// geometries (GEOS has a context per thread). Ids are then compared in file order. The result
/// is the one the streaming reader gives; for anything that is not a plain, well-formed
/// collection the loader answers nil and the caller runs the streaming reader, which reports
/// the exact error. Memory holds one feature's coordinate arrays per thread.
enum ParallelLoader {
    static func inspect(_ bytes: UnsafeBufferPointer<UInt8>, inspector: FeatureInspector, threads: Int) -> [InspectedFeature]? {
        guard let layout = GeoJSONReader.layout(bytes), !layout.features.isEmpty else { return nil }
        let ranges = layout.features
        let results = Locked([InspectedFeature?](repeating: nil, count: ranges.count)), failed = Locked(false)
        let threads = max(1, min(threads, ranges.count))
        let pointer = SharedBuffer(bytes)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var local = inspector
            for k in (ranges.count * t / threads)..<(ranges.count * (t + 1) / threads) {
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
