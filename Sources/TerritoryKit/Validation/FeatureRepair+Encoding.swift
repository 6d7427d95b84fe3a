import Foundation

extension FeatureRepair {
    /// The change kind of a defect mended on reading.
    static func mendedKind(_ kind: FeatureDefect.Kind) -> String {
        switch kind {
        case .unclosedRing: return "closed_ring"
        case .missingID: return "id_assigned"
        case .duplicateID: return "id_renamed"
        default: return "mended"
        }
    }

    /// The JSON summary `territory repair --format json` prints: `territories`, `changes` (each
    /// `kind`, `ids`, `area_m2`, `location`, and `reason` for what reading mended or left out),
    /// `settled_slivers`, `valid` and `remaining` (`invalid`, `overlaps`, `gaps`).
    public func json() -> JSONValue {
        func problem(_ kind: String, _ p: FeatureProblem) -> JSONValue {
            .object([
                JSONMember("kind", .string(kind)), JSONMember("ids", .array([.string(p.id ?? "#\(p.featureIndex)")])),
                JSONMember("area_m2", .number("0")), JSONMember("location", JSONValue.location(p.defect.location)),
                JSONMember("reason", .string("\(p.defect.kind.rawValue): \(p.defect.message)")),
            ])
        }
        var changes = mended.map { problem(FeatureRepair.mendedKind($0.defect.kind), $0) }
        changes += log.changes.map { c in
            .object([
                JSONMember("kind", .string(c.kind.rawValue)), JSONMember("ids", .array(c.ids.map(JSONValue.string))),
                JSONMember("area_m2", JSONValue.rounded(c.area, digits: 3)), JSONMember("location", JSONValue.location(c.location)),
            ])
        }
        changes += dropped.map { problem("dropped", $0) }
        return .object([
            JSONMember("territories", .number(String(map.count))), JSONMember("changes", .array(changes)),
            JSONMember("settled_slivers", .number(String(log.settledSlivers))), JSONMember("valid", .bool(report.isValid)),
            JSONMember(
                "remaining",
                .object([
                    JSONMember("invalid", .number(String(report.invalid.count))), JSONMember("overlaps", .number(String(report.overlaps.count))),
                    JSONMember("gaps", .number(String(report.gaps.count))),
                ])),
        ])
    }

    /// The text summary `territory repair` prints: a line for the whole, then one per change.
    public func text() -> String {
        let count = mended.count + log.changes.count + dropped.count
        var out = "\(map.count) territories, \(count) change\(count == 1 ? "" : "s"); the repaired map "
        out +=
            report.isValid
            ? "validates clean\n"
            : "still has \(report.invalid.count) invalid, \(report.overlaps.count) overlaps, \(report.gaps.count) gaps\n"
        func line(_ kind: String, _ p: FeatureProblem) -> String {
            TextTable.pad(kind, 12) + TextTable.pad(p.id ?? "#\(p.featureIndex)", 24) + "  \(p.defect.kind.rawValue): \(p.defect.message)\n"
        }
        for p in mended { out += line(FeatureRepair.mendedKind(p.defect.kind), p) }
        for c in log.changes {
            let who = c.ids.count > 1 ? "\(c.ids[0]) <- \(c.ids[1])" : c.ids[0]
            out += TextTable.pad(c.kind.rawValue, 12) + TextTable.pad(who, 24) + TextTable.pad(String(format: "%.1f m²", c.area), 18, right: true)
            out += c.location.map { String(format: "  at (%.6f, %.6f)", $0.x, $0.y) } ?? ""
            out += "\n"
        }
        if log.settledSlivers > 0 {
            out += "(\(log.settledSlivers) of them slivers under 1 m², where outlines drawn at different scales nearly meet)\n"
        }
        for p in dropped { out += line("dropped", p) }
        return out
    }
}
