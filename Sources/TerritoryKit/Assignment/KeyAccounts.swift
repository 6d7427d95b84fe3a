import Foundation

/// Key accounts: customers owned by a named territory wherever they lie, overriding the border
/// rule (a national chain's head office served by the key-account rep, whatever its address).
///
/// Ids are matched as customer files match them: equal after Unicode NFC normalisation. An
/// account whose customer never appears is an error (``checkEveryAccountSeen(_:customers:)``):
/// a misspelt id would otherwise leave the account with the rep the border rule picks, silently.
///
/// ## Example
/// ```swift
/// let accounts = try KeyAccounts.read(contentsOf: URL(fileURLWithPath: "accounts.csv"), map: map)
/// var assignments = try assigner.assign(batch)
/// var seen = accounts.noneSeen
/// accounts.apply(to: &assignments, customers: batch, seen: &seen)
/// try accounts.checkEveryAccountSeen(seen, customers: "customers.csv")
/// ```
public struct KeyAccounts: Sendable {
    /// One key account: the customer, the territory that owns it, and the line naming it.
    public struct Account: Sendable, Equatable {
        /// The customer id as written in the accounts file.
        public let customerID: String
        /// The owning territory's position in the map.
        public let territory: Int
        /// The line of the accounts file (1 is the header).
        public let line: Int

        /// An account.
        public init(customerID: String, territory: Int, line: Int) {
            self.customerID = customerID; self.territory = territory; self.line = line
        }
    }

    /// The accounts, in file order.
    public let accounts: [Account]
    /// Where they came from (a path), for error messages.
    public let source: String
    /// Accounts by the hash of their id's NFC form (``CustomerIDHashes/hash(_:)``).
    private let byHash: [UInt64: [Int]]
    /// Each account's id in NFC form, compared on a hash match.
    private let normalised: [String]

    /// Accounts given in code or read from a file.
    /// - Throws: ``TerritoryError/csv(source:line:message:)`` naming the second line of a
    ///   customer listed twice (after NFC normalisation).
    public init(_ accounts: [Account], source: String = "<accounts>") throws(TerritoryError) {
        var byHash: [UInt64: [Int]] = [:], normalised: [String] = []
        for (k, a) in accounts.enumerated() {
            var nfc = a.customerID.precomposedStringWithCanonicalMapping
            let hash = nfc.withUTF8 { CustomerIDHashes.hash($0) }
            if let first = byHash[hash]?.first(where: { normalised[$0] == nfc }) {
                throw .csv(
                    source: source, line: a.line,
                    message: "customer \(a.customerID) is also on line \(accounts[first].line); a key account has one territory")
            }
            byHash[hash, default: []].append(k)
            normalised.append(nfc)
        }
        self.accounts = accounts; self.source = source; self.byHash = byHash; self.normalised = normalised
    }

    /// No accounts: every customer goes by the border rule.
    public static let none = try! KeyAccounts([])

    /// Whether there are no accounts.
    public var isEmpty: Bool { accounts.isEmpty }

    /// The account of the customer whose id is these UTF-8 bytes, or nil.
    public func account(ofID id: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !byHash.isEmpty, let candidates = byHash[CustomerIDHashes.hash(id)] else { return nil }
        let nfc = String(decoding: id, as: UTF8.self).precomposedStringWithCanonicalMapping
        return candidates.first { normalised[$0] == nfc }
    }

    /// The account of customer `id`, or nil.
    public func account(ofCustomer id: String) -> Int? {
        var id = id
        return id.withUTF8 { account(ofID: $0) }
    }

    /// A record of which accounts were met: one flag per account, all false.
    public var noneSeen: [Bool] { [Bool](repeating: false, count: accounts.count) }

    /// Gives every key account among `customers` to its territory (status
    /// ``AssignmentStatus/account``, no distance) and marks it in `seen`.
    /// - Parameters:
    ///   - assignments: one per customer of `customers`, by the border rule.
    ///   - customers: the customers the assignments are for.
    ///   - seen: one flag per account (``noneSeen`` to start).
    public func apply(to assignments: inout [Assignment], customers: CustomerBatch, seen: inout [Bool]) {
        guard !isEmpty else { return }
        for i in 0..<min(assignments.count, customers.count) {
            if let k = customers.withIDBytes(i, { account(ofID: $0) }) {
                assignments[i] = Assignment(territory: accounts[k].territory, status: .account)
                seen[k] = true
            }
        }
    }

    /// Checks that every account was met among the customers.
    /// - Parameters:
    ///   - seen: the flags ``apply(to:customers:seen:)`` set.
    ///   - customers: the customer source's name, for the message.
    /// - Throws: ``TerritoryError/csv(source:line:message:)`` naming the line of the first
    ///   account whose customer is not among them.
    public func checkEveryAccountSeen(_ seen: [Bool], customers: String) throws(TerritoryError) {
        if let k = seen.firstIndex(of: false) {
            throw .csv(
                source: source, line: accounts[k].line,
                message: "customer \(accounts[k].customerID) is not in \(customers); remove the line or correct the id")
        }
    }
}

/// A key account as the editor shows it: fixed in its territory wherever it lies.
public struct EditorAccount: Sendable, Equatable {
    /// The customer id.
    public var customerID: String
    /// Where it lies (lon, lat).
    public var location: Coordinate
    /// Its territory (a position in the alignment's territory ids).
    public var territory: Int
    /// Its weight, counted to its territory.
    public var weight: Double

    /// An account.
    public init(customerID: String, location: Coordinate, territory: Int, weight: Double) {
        self.customerID = customerID; self.location = location; self.territory = territory; self.weight = weight
    }
}
