import Foundation

extension KeyAccounts {
    /// Reads CSV `customer_id,territory_id`: each key account and the territory that owns it.
    ///
    /// ## Example
    /// ```swift
    /// let accounts = try KeyAccounts.read(contentsOf: URL(fileURLWithPath: "accounts.csv"), map: map)
    /// ```
    /// - Throws: ``TerritoryError/csv(source:line:message:)`` naming the line of an empty
    ///   customer id, a territory that is not in the map, or a customer listed twice.
    public static func read(contentsOf url: URL, map: TerritoryMap) throws(TerritoryError) -> KeyAccounts {
        try read(contentsOf: url, territoryIDs: map.territories.map(\.id), territoriesName: "the map")
    }

    /// Reads CSV `customer_id,territory_id` against a list of territory ids (a design's reps, whose
    /// territories are not drawn yet); `territory` of each account is its position in the list.
    /// - Parameters:
    ///   - url: the accounts file.
    ///   - territoryIDs: the territories' ids, in order.
    ///   - territoriesName: what the ids are, for the message naming an unknown one.
    /// - Throws: as ``read(contentsOf:map:)``.
    public static func read(contentsOf url: URL, territoryIDs: [String], territoriesName: String) throws(TerritoryError) -> KeyAccounts {
        try wrapped {
            let table = try CSVTable.read(contentsOf: url)
            let source = url.path
            let customer = try table.requiredColumn("customer_id"), territory = try table.requiredColumn("territory_id")
            var position: [String: Int] = [:]
            for (i, id) in territoryIDs.enumerated() where position[id] == nil { position[id] = i }
            var accounts: [Account] = []
            for (row, line) in zip(table.rows, table.lines) {
                guard !row[customer].isEmpty else { throw TerritoryError.csv(source: source, line: line, message: "customer_id is empty") }
                guard let t = position[row[territory]] else {
                    throw TerritoryError.csv(
                        source: source, line: line, message: "territory \"\(row[territory])\" is not in \(territoriesName)")
                }
                accounts.append(Account(customerID: row[customer], territory: t, line: line))
            }
            return try KeyAccounts(accounts, source: source)
        }
    }
}
