import Foundation

/// One visit on a calendar.
public struct CalendarVisit: Sendable, Equatable {
    /// A unique id for the event (stable across runs of the same schedule).
    public var uid: String
    /// The day, `YYYY-MM-DD`.
    public var date: String
    /// Start and end, minutes after midnight, local time.
    public var start: Double, end: Double
    /// The event's title (the customer's id).
    public var summary: String
    /// Where: lon/lat.
    public var location: Coordinate
    /// A visit.
    public init(uid: String, date: String, start: Double, end: Double, summary: String, location: Coordinate) {
        self.uid = uid; self.date = date; self.start = start; self.end = end; self.summary = summary; self.location = location
    }
}

/// A rep's visits as an RFC 5545 calendar, which calendar applications import: one VEVENT per
/// visit with its UID, a DTSTAMP, DTSTART and DTEND on the local clock (floating times: the
/// rep's own time zone), SUMMARY and GEO; lines end in CRLF and are folded at 75 octets, text
/// is escaped.
///
/// ## Example
/// ```swift
/// let ics = VisitCalendar.text(name: "T1", visits: visits, stamp: "20270104T000000Z")
/// ```
public enum VisitCalendar {
    /// The calendar.
    /// - Parameters:
    ///   - name: the calendar's name (`X-WR-CALNAME`).
    ///   - visits: the events.
    ///   - stamp: the DTSTAMP of every event, UTC `YYYYMMDDTHHMMSSZ` (a fixed one keeps the file
    ///     the same for the same schedule).
    public static func text(name: String, visits: [CalendarVisit], stamp: String) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//territory//call cycle//EN", "CALSCALE:GREGORIAN", "X-WR-CALNAME:" + escape(name)]
        for v in visits {
            let day = v.date.replacingOccurrences(of: "-", with: "")
            lines += [
                "BEGIN:VEVENT", "UID:" + escape(v.uid), "DTSTAMP:" + stamp, "DTSTART:\(day)T\(time(v.start))", "DTEND:\(day)T\(time(v.end))",
                "SUMMARY:" + escape(v.summary),
                "GEO:" + String(format: "%.6f;%.6f", v.location.y, v.location.x),
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `HHMMSS` of minutes after midnight (rounded to the minute).
    static func time(_ minutes: Double) -> String {
        let m = Int(minutes.rounded())
        return String(format: "%02d%02d00", m / 60, m % 60)
    }

    /// TEXT escaped as RFC 5545 §3.3.11 asks: backslash, semicolon, comma and line breaks.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": continue
            default: out.append(c)
            }
        }
        return out
    }

    /// A content line folded at 75 octets (RFC 5545 §3.1): continuation lines begin with a
    /// space; a UTF-8 character is never split.
    static func fold(_ line: String) -> String {
        var out = "", count = 0
        for scalar in line.unicodeScalars {
            let width = String(scalar).utf8.count
            if count + width > 75 {
                out += "\r\n "
                count = 1
            }
            out.unicodeScalars.append(scalar)
            count += width
        }
        return out
    }
}
