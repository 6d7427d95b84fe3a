/// The exact side of a line on which a point lies.
///
/// Point-in-polygon answers must agree with GEOS for points exactly on edges and vertices,
/// so the orientation test cannot be a plain floating-point determinant. This is the same
/// two-stage test GEOS uses (`CGAlgorithmsDD::orientationIndex`): a floating-point filter with
/// an error bound decides almost every case, and the rare near-collinear case is decided exactly,
/// here with error-free transformations (two-sum, FMA two-product) and an expansion sum, which
/// gives the true sign of the determinant of the input doubles.
enum RobustOrientation {
    /// +1 if `q` is left of the directed line p1→p2 (counter-clockwise), -1 if right, 0 if on it.
    @inline(__always)
    static func index(_ p1x: Double, _ p1y: Double, _ p2x: Double, _ p2y: Double, _ qx: Double, _ qy: Double) -> Int {
        // Filter (Shewchuk / GEOS): det = (p1 - q) x (p2 - q).
        let detLeft = (p1x - qx) * (p2y - qy)
        let detRight = (p1y - qy) * (p2x - qx)
        let det = detLeft - detRight
        let detSum: Double
        if detLeft > 0 {
            if detRight <= 0 { return signum(det) }
            detSum = detLeft + detRight
        } else if detLeft < 0 {
            if detRight >= 0 { return signum(det) }
            detSum = -detLeft - detRight
        } else {
            return signum(det)
        }
        let errorBound = 1e-15 * detSum
        if det >= errorBound || -det >= errorBound { return signum(det) }
        return exact(p1x, p1y, p2x, p2y, qx, qy)
    }

    @inline(__always) private static func signum(_ x: Double) -> Int { x > 0 ? 1 : (x < 0 ? -1 : 0) }

    /// The exact sign of (p2 - p1) x (q - p1).
    @inline(never)
    static func exact(_ p1x: Double, _ p1y: Double, _ p2x: Double, _ p2y: Double, _ qx: Double, _ qy: Double) -> Int {
        // Each difference is exactly hi + lo.
        let (ax, axl) = twoDiff(p2x, p1x)
        let (ay, ayl) = twoDiff(p2y, p1y)
        let (bx, bxl) = twoDiff(qx, p1x)
        let (by, byl) = twoDiff(qy, p1y)
        // (ax + axl)(by + byl) - (ay + ayl)(bx + bxl), every product split exactly into two doubles.
        var terms: [Double] = []
        terms.reserveCapacity(16)
        for (u, v, sign) in [
            (ax, by, 1.0), (ax, byl, 1.0), (axl, by, 1.0), (axl, byl, 1.0),
            (ay, bx, -1.0), (ay, bxl, -1.0), (ayl, bx, -1.0), (ayl, bxl, -1.0),
        ] {
            let p = u * v
            let e = fmaError(u, v, p)
            terms.append(sign * p)
            terms.append(sign * e)
        }
        // Grow a non-overlapping expansion; its largest component carries the sign.
        var expansion: [Double] = []
        expansion.reserveCapacity(32)
        for t in terms where t != 0 {
            var q = t
            var next: [Double] = []
            next.reserveCapacity(expansion.count + 1)
            for e in expansion {
                let (s, err) = twoSum(q, e)
                if err != 0 { next.append(err) }
                q = s
            }
            if q != 0 { next.append(q) }
            expansion = next
        }
        return signum(expansion.last ?? 0)
    }

    @inline(__always) private static func fmaError(_ u: Double, _ v: Double, _ p: Double) -> Double {
        (-p).addingProduct(u, v)  // fma(u, v, -p): the rounding error of u * v, exactly
    }

    @inline(__always) private static func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
        let s = a + b
        let bb = s - a
        return (s, (a - (s - bb)) + (b - bb))
    }

    @inline(__always) private static func twoDiff(_ a: Double, _ b: Double) -> (Double, Double) {
        twoSum(a, -b)
    }
}
