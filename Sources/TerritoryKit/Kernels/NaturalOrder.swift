/// The order people read ids in: runs of digits compare as numbers, so `T2` comes before `T10`
/// and `9` before `10` (equal numbers: the narrower first, `7` before `007`; a number before
/// text at the same place); the rest compares as text. For lists of territories that have no map to
/// take their order from (an alignment file lists them as its units come).
///
/// ## Example
/// ```swift
/// ["T10", "T2", "T1"].sorted(by: NaturalOrder.precedes)   // ["T1", "T2", "T10"]
/// ```
public enum NaturalOrder {
    /// Whether `a` comes before `b`.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        var i = a.unicodeScalars[...], j = b.unicodeScalars[...]
        while let x = i.first, let y = j.first {
            let xDigit = ("0"..."9").contains(x), yDigit = ("0"..."9").contains(y)
            if xDigit, yDigit {
                let m = i.prefix { ("0"..."9").contains($0) }, n = j.prefix { ("0"..."9").contains($0) }
                i = i.dropFirst(m.count); j = j.dropFirst(n.count)
                // As numbers: fewer significant digits first, then digit by digit.
                let p = m.drop { $0 == "0" }, q = n.drop { $0 == "0" }
                if p.count != q.count { return p.count < q.count }
                if !p.elementsEqual(q) { return String(String.UnicodeScalarView(p)) < String(String.UnicodeScalarView(q)) }
                if m.count != n.count { return m.count < n.count }  // 7 before 007: ties broken by width
                continue
            }
            if xDigit != yDigit { return xDigit }  // a number before text at the same place
            if x != y { return String(x) < String(y) }
            i = i.dropFirst(); j = j.dropFirst()
        }
        return i.isEmpty && !j.isEmpty
    }
}
