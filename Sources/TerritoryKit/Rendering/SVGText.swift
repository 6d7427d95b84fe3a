import Foundation
import GEOS

/// Text of the SVG: path data from rings, numbers to a pixel's tenth, escaped attribute text.
extension MapRenderer {
    /// SVG path data of polygon `i` of a simplified coverage.
    static func path(_ shapes: SimplifiedCoverage, _ i: Int, _ frame: Frame) -> String {
        var d: [UInt8] = []
        for ring in shapes.rings(of: i) { appendRing(ring, frame, to: &d) }
        return String(decoding: d, as: UTF8.self)
    }

    /// Appends one closed ring as `Mx yLx y...Z` in tenths of a pixel, skipping vertices that
    /// land on the same tenth as the one before. Written digit by digit into bytes: a national
    /// map has millions of vertices, and a string per number was most of its drawing time.
    static func appendRing<Ring: Collection<Coordinate>>(_ ring: Ring, _ frame: Frame, to d: inout [UInt8]) {
        var last: (Int, Int)?
        for c in ring.dropLast() {
            let (x, y) = frame.point(c)
            let tenths = (Int(exactly: (x * 10).rounded()) ?? Int.max, Int(exactly: (y * 10).rounded()) ?? Int.max)
            if let last, last == tenths { continue }
            d.append(last == nil ? UInt8(ascii: "M") : UInt8(ascii: "L"))
            appendTenths(tenths.0, x, to: &d)
            d.append(UInt8(ascii: " "))
            appendTenths(tenths.1, y, to: &d)
            last = tenths
        }
        d.append(UInt8(ascii: "Z"))
    }

    /// `n` tenths written as ``fmt1(_:)`` writes `value` (`12`, `12.5`, `-0.5`), without making
    /// strings; values too large for the fast path go through ``fmt1(_:)`` itself.
    static func appendTenths(_ n: Int, _ value: Double, to d: inout [UInt8]) {
        guard n.magnitude < 100_000_000_000_000 else { d.append(contentsOf: fmt1(value).utf8); return }
        // (A value that rounds to -0 arrives as n = 0 and is written 0, as fmt1 writes it.)
        if n < 0 { d.append(UInt8(ascii: "-")) }
        let whole = n.magnitude / 10, tenth = n.magnitude % 10
        // The integer's digits, least significant first, then turned around in place: no array
        // of its own per number.
        let first = d.count
        var w = whole
        repeat {
            d.append(UInt8(ascii: "0") + UInt8(w % 10))
            w /= 10
        } while w > 0
        d[first...].reverse()
        if tenth != 0 { d.append(UInt8(ascii: ".")); d.append(UInt8(ascii: "0") + UInt8(tenth)) }
    }

    /// SVG path data of a polygonal geometry's rings.
    static func path(_ g: Geometry, _ frame: Frame) throws -> String {
        var d: [UInt8] = []
        for polygon in try polygons(of: g) {
            for ring in try polygon.polygonRings() { appendRing(ring, frame, to: &d) }
        }
        return String(decoding: d, as: UTF8.self)
    }

    static func label(_ t: Territory) -> String {
        [t.id, t.name, t.rep.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
    }

    static func fmt(_ x: Double) -> String { NumberText.rounded(x, decimals: 2) }

    /// A pixel coordinate to a tenth of a pixel: what a screen can show, and a third of the bytes.
    static func fmt1(_ x: Double) -> String { NumberText.rounded(x, decimals: 1) }

    static func escape(_ s: String) -> String {
        // Most ids and names need nothing; Foundation's replacing costs microseconds each.
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return s }
        return s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
