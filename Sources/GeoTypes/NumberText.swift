import Foundation

/// Decimal text for coordinates and measures: the one number formatter every writer of the
/// package uses (WKT here; GeoJSON, JSON, CSV and SVG in TerritoryKit), so they agree and a
/// fix lands everywhere at once.
///
/// ## Example
/// ```swift
/// NumberText.shortest(3)            // "3"
/// NumberText.shortest(0.1 + 0.2)    // "0.30000000000000004" (reads back to the same double)
/// NumberText.rounded(2.345, decimals: 1)   // "2.3"
/// NumberText.fixed(1.50, decimals: 3)      // "1.5"
/// ```
public enum NumberText {
    /// The shortest text that reads back to the same double; integral values below 10^15
    /// without a fraction (`3`, not `3.0`), larger ones in Swift's exponent form (`1e+20`), so
    /// nothing is ever converted to an integer type that could overflow. Non-finite values come
    /// out as Swift writes them (`nan`, `inf`): callers whose format cannot hold them decide.
    public static func shortest(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }

    /// `v` rounded to `decimals` places (binary rounding, as a screen needs), written shortest.
    public static func rounded(_ v: Double, decimals: Int) -> String {
        let scale = pow(10, Double(decimals))
        let r = (v * scale).rounded() / scale
        return shortest(r.isFinite ? r : v)
    }

    /// `v` with at most `decimals` places by C's correctly rounded `%.Nf`, trailing zeros and a
    /// bare point dropped, `-0` written `0`.
    public static func fixed(_ v: Double, decimals: Int) -> String {
        var text = String(format: "%.\(max(0, min(decimals, 17)))f", v)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// An integer with a comma between groups of three digits (`1,234,567`), for text reports.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0, (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
