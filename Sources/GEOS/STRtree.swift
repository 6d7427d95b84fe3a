import CGEOS

/// A GEOS STRtree (Sort-Tile-Recursive R-tree) over geometries or envelopes, answering with
/// the indices of the items in the order they were given.
///
/// The tree is built once, on the first query, and GEOS builds it lazily without locking,
/// so an `STRtree` is not `Sendable`: build one per task, or share the geometries and build
/// trees where they are used.
public final class STRtree {
    private let tree: OpaquePointer
    /// The indexed geometries, retained because GEOS's tree points into them.
    public let geometries: [Geometry]

    /// Indexes `geometries`; queries answer with positions in this array. Empty geometries are
    /// never returned by envelope queries.
    public init(_ geometries: [Geometry], nodeCapacity: Int = 10) throws(GEOSError) {
        self.geometries = geometries
        tree = try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            guard let t = GEOSSTRtree_create_r(ctx.handle, max(2, nodeCapacity)) else { throw ctx.error("STRtree create") }
            for (i, g) in geometries.enumerated() {
                GEOSSTRtree_insert_r(ctx.handle, t, g.pointer, STRtree.item(i))
            }
            return t
        }
    }

    /// Indexes boxes (as rectangle polygons); queries answer with positions in `envelopes`.
    public convenience init(envelopes: [Envelope], nodeCapacity: Int = 10) throws(GEOSError) {
        try self.init(envelopes.map { (e) throws(GEOSError) in try Geometry.rectangle(e) }, nodeCapacity: nodeCapacity)
    }

    deinit {
        GEOSSTRtree_destroy_r(GEOSContext.current.handle, tree)
    }

    /// The number of indexed items.
    public var count: Int { geometries.count }

    /// Indices (ascending) of the items whose envelope intersects `envelope`.
    public func query(_ envelope: Envelope) throws(GEOSError) -> [Int] {
        try query(Geometry.rectangle(envelope))
    }

    /// Indices (ascending) of the items whose envelope intersects the envelope of `geometry`.
    /// Follow with an exact predicate to keep only true hits.
    public func query(_ geometry: Geometry) throws(GEOSError) -> [Int] {
        let collector = Collector()
        withGEOS { (ctx: GEOSContext) in
            GEOSSTRtree_query_r(
                ctx.handle, tree, geometry.pointer,
                { item, userData in
                    let collector = Unmanaged<Collector>.fromOpaque(userData!).takeUnretainedValue()
                    collector.items.append(STRtree.index(item))
                }, Unmanaged.passUnretained(collector).toOpaque())
        }
        return collector.items.sorted()
    }

    /// The index of the item nearest to `geometry` by planar geometry distance, or `nil` when
    /// the tree is empty. Ties go to whichever GEOS meets first.
    public func nearest(to geometry: Geometry) throws(GEOSError) -> Int? {
        if geometries.allSatisfy({ $0.isEmpty }) || geometry.isEmpty { return nil }
        let search = NearestSearch(geometries: geometries, query: geometry)
        return try withGEOS { (ctx: GEOSContext) throws(GEOSError) in
            ctx.reset()
            let found = GEOSSTRtree_nearest_generic_r(
                ctx.handle, tree, STRtree.queryItem, geometry.pointer,
                { a, b, distance, userData in
                    let search = Unmanaged<NearestSearch>.fromOpaque(userData!).takeUnretainedValue()
                    return search.distance(a, b, distance)
                }, Unmanaged.passUnretained(search).toOpaque())
            if let error = search.error { throw error }
            guard let found else {
                if ctx.lastError != nil { throw ctx.error("STRtree nearest") }
                return nil
            }
            return STRtree.index(UnsafeMutableRawPointer(mutating: found))
        }
    }

    // Items are stored as index + 1 in the pointer bits (GEOS treats items as opaque; 0 is avoided).
    private static func item(_ index: Int) -> UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: index + 1)! }
    private static func index(_ item: UnsafeMutableRawPointer?) -> Int { Int(bitPattern: item) - 1 }
    /// The query's own item in nearest-neighbour callbacks: an address no index can have.
    fileprivate static var queryItem: UnsafeRawPointer { UnsafeRawPointer(bitPattern: UInt.max)! }

    private final class Collector { var items: [Int] = [] }

    private final class NearestSearch {
        let geometries: [Geometry]
        let query: Geometry
        var error: GEOSError?
        init(geometries: [Geometry], query: Geometry) { self.geometries = geometries; self.query = query }

        func distance(_ a: UnsafeRawPointer?, _ b: UnsafeRawPointer?, _ out: UnsafeMutablePointer<Double>?) -> Int32 {
            func geometry(_ p: UnsafeRawPointer?) -> Geometry {
                p == STRtree.queryItem ? query : geometries[Int(bitPattern: p) - 1]
            }
            do throws(GEOSError) {
                out?.pointee = try geometry(a).planarDistance(to: geometry(b))
                return 1  // GEOS treats a non-zero return as success
            } catch {
                self.error = error
                return 0
            }
        }
    }
}

@available(*, unavailable, message: "GEOS builds the STRtree lazily without locking; build one per task")
extension STRtree: Sendable {}
