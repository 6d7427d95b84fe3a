import Foundation

extension UnitGraph {
    /// The adjacency CSV `territory adjacency` writes: `a,b,shared_border_m`, one row per pair of
    /// units sharing a border (rook contiguity), the length geodesic and rounded to the millimetre.
    /// - Parameter unitIDs: each unit's id.
    public func csv(unitIDs: [String]) -> [UInt8] {
        table(unitIDs: unitIDs).csv
    }

    /// The rows of ``csv(unitIDs:)`` as fields, for a writer of another format.
    public func table(unitIDs: [String]) -> OutputTable {
        var table = OutputTable(header: ["a", "b", "shared_border_m"])
        var length: [UInt8] = []
        for border in rook {
            length.removeAll(keepingCapacity: true)
            appendMillimetres(border.length, to: &length)
            table.append([unitIDs[border.a], unitIDs[border.b], String(decoding: length, as: UTF8.self)])
        }
        return table
    }

    /// The one-line summary `territory adjacency` prints: pairs sharing a border, pairs touching
    /// at points only, connected components.
    public var summary: String {
        "\(rook.count) pairs sharing a border, \(queen.count) touching at points only, "
            + "\(components.count) connected component\(components.count == 1 ? "" : "s")"
    }
}

/// Appends metres rounded to the millimetre, without trailing zeros (`1602.741`, `31.62`, `5`):
/// the same text as the shortest form of the rounded value, without formatting a Double.
private func appendMillimetres(_ metres: Double, to out: inout [UInt8]) {
    guard metres.isFinite, abs(metres) < 1e12 else { out.append(contentsOf: JSONWriter.format(metres).utf8); return }
    var mm = Int64((metres * 1000).rounded())
    if mm < 0 { out.append(UInt8(ascii: "-")); mm = -mm }
    appendDigits(UInt64(mm / 1000), to: &out)
    var fraction = Int(mm % 1000)
    guard fraction != 0 else { return }
    var digits = 3
    while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
    out.append(UInt8(ascii: "."))
    // The fraction's digits, with its leading zeros (5 mm is ".005").
    var place = 1
    for _ in 1..<digits { place *= 10 }
    while place > 0 { out.append(UInt8(ascii: "0") + UInt8(fraction / place % 10)); place /= 10 }
}

/// Appends the decimal digits of `n` (no sign, no leading zeros; "0" for 0) without making a
/// String: adjacency output made two strings per row.
private func appendDigits(_ n: UInt64, to out: inout [UInt8]) {
    var place: UInt64 = 1
    while place <= n / 10 { place *= 10 }
    var n = n
    while place > 0 {
        out.append(UInt8(ascii: "0") + UInt8(n / place))
        n %= place
        place /= 10
    }
}
