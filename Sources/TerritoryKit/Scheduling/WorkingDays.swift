import Foundation

/// The dates of a call cycle's working days: from a start date, the weekdays worked, less the
/// dates skipped (holidays), as many as the cycle has.
///
/// ## Example
/// ```swift
/// let dates = try WorkingDays.dates(from: "2027-01-04", weekdays: WorkingDays.weekdays("mon,tue,wed,thu,fri"), skipping: ["2027-01-06"], count: 20)
/// ```
public enum WorkingDays {
    private static let names = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// The weekdays named in a list such as `mon,tue,wed,thu,fri` (1 = Sunday ... 7 = Saturday,
    /// as Gregorian calendars number them).
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` naming an unknown day.
    public static func weekdays(_ list: String) throws(TerritoryError) -> Set<Int> {
        var out = Set<Int>()
        for part in list.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            // A day's name or its first three letters.
            guard let i = names.firstIndex(where: { $0 == name || $0.prefix(3) == name }) else {
                throw .invalidArgument("--workdays: \"\(part)\" is not a weekday (mon, tue, wed, thu, fri, sat, sun)")
            }
            out.insert(i + 1)
        }
        guard !out.isEmpty else { throw .invalidArgument("--workdays names no day") }
        return out
    }

    /// A `YYYY-MM-DD` date as a day number, checked.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for anything else.
    static func date(_ text: String, what: String) throws(TerritoryError) -> Date {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { throw .invalidArgument("\(what): \"\(text)\" is not a date YYYY-MM-DD") }
        var components = DateComponents()
        components.year = y; components.month = m; components.day = d
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == d, calendar.component(.month, from: date) == m
        else {
            throw .invalidArgument("\(what): \"\(text)\" is not a date YYYY-MM-DD")
        }
        return date
    }

    private static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    /// The dates of `count` working days from `start` on (`start` itself when worked).
    /// - Parameters:
    ///   - start: the first date, `YYYY-MM-DD`.
    ///   - weekdays: the weekdays worked (see ``weekdays(_:)``).
    ///   - skipping: dates not worked, `YYYY-MM-DD`.
    ///   - count: the working days wanted.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for a malformed date.
    public static func dates(from start: String, weekdays: Set<Int>, skipping: [String] = [], count: Int) throws(TerritoryError) -> [String] {
        var day = try date(start, what: "--start-date")
        var skip = Set<String>()
        for s in skipping { skip.insert(format(try date(s, what: "--skip-dates"))) }
        var out: [String] = []
        var guardDays = 0
        while out.count < count, guardDays < 3660 {
            let text = format(day)
            if weekdays.contains(calendar.component(.weekday, from: day)), !skip.contains(text) { out.append(text) }
            day = calendar.date(byAdding: .day, value: 1, to: day)!
            guardDays += 1
        }
        guard out.count == count else { throw .invalidArgument("--skip-dates leaves fewer than \(count) working days in ten years") }
        return out
    }

    private static func format(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// `HH:MM` as minutes after midnight.
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` for anything else, naming `what`.
    public static func minutes(_ text: String, what: String) throws(TerritoryError) -> Double {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m),
            h * 60 + m <= 24 * 60
        else { throw .invalidArgument("\(what): \"\(text)\" is not a time HH:MM") }
        return Double(h * 60 + m)
    }
}

extension WorkingDays {
    /// Reads a file of dates not worked (`YYYY-MM-DD`, one a line; blank lines and a `date`
    /// header ignored).
    /// - Throws: ``TerritoryError/invalidArgument(_:)`` naming the file when it cannot be read as UTF-8 text.
    public static func skipDates(contentsOf url: URL) throws(TerritoryError) -> [String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw .invalidArgument("\(url.path): cannot read the dates (missing, unreadable or not UTF-8 text)")
        }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != "date" }
    }
}
