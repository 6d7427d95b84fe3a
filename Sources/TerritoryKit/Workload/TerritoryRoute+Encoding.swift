import Foundation

extension TerritoryRoute {
    /// The stops CSV `territory route` writes: `territory_id,stop,customer_id,lon,lat,leg_m,leg_s`,
    /// one row per stop in tour order (stop 0 the home, when the tour starts from one).
    /// - Parameters:
    ///   - routes: the tours.
    ///   - territoryIDs: each territory's id.
    ///   - customers: the customers routed.
    public static func csv(_ routes: [TerritoryRoute], territoryIDs: [String], customers: CustomerBatch) -> [UInt8] {
        table(routes, territoryIDs: territoryIDs, customers: customers).csv
    }

    /// The rows of ``csv(_:territoryIDs:customers:)`` as fields, for a writer of another format.
    public static func table(_ routes: [TerritoryRoute], territoryIDs: [String], customers: CustomerBatch) -> OutputTable {
        var table = OutputTable(header: ["territory_id", "stop", "customer_id", "lon", "lat", "leg_m", "leg_s"])
        for route in routes {
            let numbering = route.stops.first?.customer == nil ? 0 : 1
            for (k, stop) in route.stops.enumerated() {
                table.append([
                    territoryIDs[route.territory], String(k + numbering), stop.customer.map { customers.id($0) } ?? "",
                    NumberText.shortest(stop.location.x), NumberText.shortest(stop.location.y),
                    String(format: "%.1f", stop.legMetres), String(format: "%.1f", stop.legSeconds),
                ])
            }
        }
        return table
    }

    /// The JSON summary `territory route --format json` prints: `territories` (each `id`, `stops`,
    /// `customers`, `tour_km`, `drive_km`, `drive_hours`, `bhh_km`) and their `summary`, with
    /// `unassigned`.
    public static func json(_ routes: [TerritoryRoute], territoryIDs: [String], unassigned: Int) -> JSONValue {
        .object([
            JSONMember(
                "territories",
                .array(
                    routes.map { r in
                        .object([
                            JSONMember("id", .string(territoryIDs[r.territory])),
                            JSONMember("stops", .number(Double(r.stops.count))),
                            JSONMember("customers", .number(Double(r.customers))),
                            JSONMember("tour_km", JSONValue.rounded(r.tourMetres / 1000, digits: 3)),
                            JSONMember("drive_km", JSONValue.rounded(r.driveMetres / 1000, digits: 3)),
                            JSONMember("drive_hours", JSONValue.rounded(r.driveSeconds / 3600, digits: 3)),
                            JSONMember("bhh_km", JSONValue.rounded(r.bhhMetres / 1000, digits: 3)),
                        ])
                    })),
            JSONMember(
                "summary",
                .object([
                    JSONMember("territories", .number(Double(routes.count))),
                    JSONMember("customers", .number(Double(routes.reduce(0) { $0 + $1.customers }))),
                    JSONMember("unassigned", .number(Double(unassigned))),
                    JSONMember("tour_km", JSONValue.rounded(routes.reduce(0) { $0 + $1.tourMetres } / 1000, digits: 3)),
                    JSONMember("drive_km", JSONValue.rounded(routes.reduce(0) { $0 + $1.driveMetres } / 1000, digits: 3)),
                    JSONMember("drive_hours", JSONValue.rounded(routes.reduce(0) { $0 + $1.driveSeconds } / 3600, digits: 3)),
                    JSONMember("bhh_km", JSONValue.rounded(routes.reduce(0) { $0 + $1.bhhMetres } / 1000, digits: 3)),
                ])),
        ])
    }

    /// The text summary `territory route` prints: a row per territory, then the totals.
    public static func text(_ routes: [TerritoryRoute], territoryIDs: [String], unassigned: Int) -> String {
        // Numbers right-aligned in their columns.
        func number(_ text: String, _ width: Int) -> String { TextTable.pad(text, width, right: true) }
        var out =
            TextTable.pad("territory", 12) + number("stops", 7) + number("tour km", 11) + number("drive km", 11)
            + number("drive h", 9) + number("BHH km", 11) + "\n"
        for r in routes {
            out +=
                TextTable.pad(territoryIDs[r.territory], 12) + number(String(r.stops.count), 7)
                + number(String(format: "%.1f", r.tourMetres / 1000), 11) + number(String(format: "%.1f", r.driveMetres / 1000), 11)
                + number(String(format: "%.2f", r.driveSeconds / 3600), 9) + number(String(format: "%.1f", r.bhhMetres / 1000), 11) + "\n"
        }
        let tour = routes.reduce(0) { $0 + $1.tourMetres }, bhh = routes.reduce(0) { $0 + $1.bhhMetres }
        out +=
            "\nTotal: "
            + String(
                format: "%.1f km of tours, %.1f drive km, %.1f drive hours; BHH estimate %.1f km (%+.1f%%).",
                tour / 1000, routes.reduce(0) { $0 + $1.driveMetres } / 1000,
                routes.reduce(0) { $0 + $1.driveSeconds } / 3600, bhh / 1000, tour > 0 ? (bhh - tour) / tour * 100 : 0)
        out += unassigned > 0 ? " \(unassigned) unassigned customers are not routed.\n" : "\n"
        return out
    }
}
