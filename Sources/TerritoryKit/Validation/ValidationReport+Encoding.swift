import Foundation

/// The encodings the CLI writes (`territory validate --format json|text`), beside the report.
extension ValidationReport {
    /// The report as `territory validate --format json` writes it: `territories`, `valid`,
    /// `invalid` features, `overlaps` and `gaps` (geodesic m², width, location, sliver) and
    /// `warnings`.
    public func json() -> JSONValue {
        .object([
            JSONMember("territories", .number(Double(territoryCount))),
            JSONMember("valid", .bool(isValid)),
            JSONMember(
                "invalid",
                .array(
                    invalid.map { p in
                        .object([
                            JSONMember("id", p.id.map(JSONValue.string) ?? .null),
                            JSONMember("feature_index", .number(Double(p.featureIndex))),
                            JSONMember("kind", .string(p.defect.kind.rawValue)),
                            JSONMember("reason", .string(p.defect.message)),
                            JSONMember("location", JSONValue.location(p.defect.location)),
                        ])
                    })),
            JSONMember(
                "overlaps",
                .array(
                    overlaps.map { o in
                        .object(
                            [JSONMember("a", .string(o.firstID)), JSONMember("b", .string(o.secondID))]
                                + ValidationReport.extent(area: o.area, width: o.width, location: o.location, isSliver: o.isSliver))
                    })),
            JSONMember(
                "gaps",
                .array(
                    gaps.map { g in
                        .object(
                            [JSONMember("kind", .string(g.kind.rawValue))]
                                + ValidationReport.extent(area: g.area, width: g.width, location: g.location, isSliver: g.isSliver))
                    })),
            JSONMember(
                "warnings",
                .array(
                    warnings.map { w in
                        .object([
                            JSONMember("id", w.id.map(JSONValue.string) ?? .null),
                            JSONMember("feature_index", .number(Double(w.featureIndex))),
                            JSONMember("kind", .string(w.kind.rawValue)), JSONMember("parts", .number(Double(w.parts))),
                        ])
                    })),
        ])
    }

    /// The report as text: a summary line naming `source`, then one line per problem.
    /// - Parameter source: the map's name (its path) for the first line.
    public func text(source: String) -> String {
        var out = "\(source): \(territoryCount) territories, "
        out += isValid ? "clean" : "\(invalid.count) defective, \(overlaps.count) overlaps, \(gaps.count) gaps"
        out += warnings.isEmpty ? "\n" : ", \(warnings.count) warnings\n"
        func place(_ c: Coordinate?) -> String {
            guard let c, c.isFinite else { return "" }
            return String(format: " at (%.6f, %.6f)", c.x, c.y)
        }
        for p in invalid {
            out +=
                "invalid  feature \(p.featureIndex)\(p.id.map { " (id \($0))" } ?? ""): \(p.defect.kind.rawValue): \(p.defect.message)\(place(p.defect.location))\n"
        }
        for o in overlaps {
            out +=
                "overlap  \(o.firstID) / \(o.secondID): " + String(format: "%.1f m², %.1f m wide", o.area, o.width) + place(o.location)
                + (o.isSliver ? " (sliver)" : "") + "\n"
        }
        for g in gaps {
            out +=
                "gap      \(g.kind.rawValue): " + String(format: "%.1f m², %.1f m wide", g.area, g.width) + place(g.location)
                + (g.isSliver ? " (sliver)" : "") + "\n"
        }
        for w in warnings {
            out += "warning  feature \(w.featureIndex)\(w.id.map { " (id \($0))" } ?? ""): \(w.kind.rawValue): \(w.parts) separate parts\n"
        }
        return out
    }

    /// The members an overlap and a gap share: geodesic area and width, where, whether a sliver.
    static func extent(area: Double, width: Double, location: Coordinate?, isSliver: Bool) -> [JSONMember] {
        [
            JSONMember("area_m2", JSONValue.rounded(area, digits: 3)), JSONMember("width_m", JSONValue.rounded(width, digits: 3)),
            JSONMember("location", JSONValue.location(location)), JSONMember("sliver", .bool(isSliver)),
        ]
    }
}
