import Foundation

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
