import Foundation

/// Fill colours: a colour of its own for each territory while the palette lasts, neighbours
/// never alike beyond it, and a diverging scale for balance.
enum MapColoring {
    /// Twenty qualitative colours, each told apart from the others in a legend: Tableau's twenty,
    /// its ten light tones first (light enough for dark labels and dots on top), then its ten
    /// full ones; labels carry a white halo on any of them.
    static let palette = [
        "#AEC7E8", "#FFBB78", "#98DF8A", "#FF9896", "#C5B0D5", "#C49C94", "#F7B6D2", "#C7C7C7", "#DBDB8D", "#9EDAE5",
        "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF",
    ]

    /// A colour index per territory: up to ``palette``'s twenty territories each its own, in map
    /// order, so the legend names every territory by its colour; beyond that, territories
    /// sharing a border never share one and the palette is spread evenly: DSatur (colour next the
    /// territory with the most differently coloured neighbours, ties to the most neighbours, then
    /// map order) giving it the least-used colour free among its neighbours. Planar maps need at
    /// most four colours, so twenty always leave a choice; indices past the palette are possible
    /// on pathological (non-planar) inputs and get derived colours. The next territory comes
    /// from a heap of (saturation, degree, index) entries: an entry is pushed whenever a
    /// territory's saturation grows and stale ones are skipped when popped, so the choice is the
    /// same as scanning every uncoloured territory, in O((n + e) log n) instead of O(n²)
    /// (40,000 units: milliseconds instead of seconds).
    static func colorIndices(count: Int, neighbours: [[Int]]) -> [Int] {
        if count <= palette.count { return Array(0..<count) }
        var color = [Int](repeating: -1, count: count)
        var seen = [Set<Int>](repeating: [], count: count)
        var used = [Int](repeating: 0, count: palette.count)
        // First out: most colours seen, then most neighbours, then the earliest in map order.
        var queue = Heap<(saturation: Int, degree: Int, v: Int)> { a, b in
            a.saturation != b.saturation ? a.saturation > b.saturation : a.degree != b.degree ? a.degree > b.degree : a.v < b.v
        }
        for v in 0..<count { queue.push((0, neighbours[v].count, v)) }
        while let (saturation, _, best) = queue.pop() {
            guard color[best] < 0, saturation == seen[best].count else { continue }  // stale entry
            // The least used of the free palette colours (the lowest on ties), else past it.
            var c = -1
            for k in 0..<palette.count where !seen[best].contains(k) && (c < 0 || used[k] < used[c]) { c = k }
            if c < 0 {
                c = palette.count
                while seen[best].contains(c) { c += 1 }
            } else {
                used[c] += 1
            }
            color[best] = c
            for w in neighbours[best] where color[w] < 0 && seen[w].insert(c).inserted {
                queue.push((seen[w].count, neighbours[w].count, w))
            }
        }
        return color
    }

    /// The fill for colour index `i`.
    static func fill(_ i: Int) -> String {
        if i < palette.count { return palette[i] }
        let hue = (Double(i) * 137.508).truncatingRemainder(dividingBy: 360)
        return "hsl(\(Int(hue)), 45%, 72%)"
    }

    /// A darker shade of a `#RRGGBB` colour (customer dots and routes in their territory's hue).
    static func dark(_ hex: String) -> String {
        guard hex.hasPrefix("#"), hex.count == 7, let v = Int(hex.dropFirst(), radix: 16) else { return "#333333" }
        let r = Double((v >> 16) & 0xFF) * 0.5, g = Double((v >> 8) & 0xFF) * 0.5, b = Double(v & 0xFF) * 0.5
        return String(format: "#%02X%02X%02X", Int(r), Int(g), Int(b))
    }

    /// Paul Tol's "BuRd" diverging scheme (colour-blind safe): blue below target, white on it,
    /// red above.
    static let diverging = ["#2166AC", "#4393C3", "#92C5DE", "#D1E5F0", "#F7F7F7", "#FDDBC7", "#F4A582", "#D6604D", "#B2182B"]

    /// The colour of a deviation (percent) on a diverging scale spanning ±`range` percent.
    static func diverging(_ deviation: Double, range: Double) -> String {
        guard deviation.isFinite, range > 0 else { return diverging[4] }
        let t = max(-1, min(1, deviation / range))  // -1 ... 1
        let position = (t + 1) / 2 * Double(diverging.count - 1)
        let lo = Int(position.rounded(.down)), hi = min(diverging.count - 1, lo + 1)
        let f = position - Double(lo)
        func rgb(_ hex: String) -> (Double, Double, Double) {
            let v = Int(hex.dropFirst(), radix: 16)!
            return (Double((v >> 16) & 0xFF), Double((v >> 8) & 0xFF), Double(v & 0xFF))
        }
        let a = rgb(diverging[lo]), b = rgb(diverging[hi])
        return String(format: "#%02X%02X%02X", Int(a.0 + (b.0 - a.0) * f), Int(a.1 + (b.1 - a.1) * f), Int(a.2 + (b.2 - a.2) * f))
    }

    /// A round range for the diverging scale: at least twice the tolerance, covering the
    /// largest deviation, on a 1-2-5 step.
    static func divergingRange(maxDeviation: Double, tolerance: Double) -> Double {
        let needed = max(maxDeviation, 2 * tolerance, 1)
        var step = 1.0
        while true {
            for m in [1.0, 2, 5] where m * step >= needed { return m * step }
            step *= 10
        }
    }
}
