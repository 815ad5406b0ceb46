import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Calendar days and clock times from the C library (the system's time zone or UTC). Foundation's
/// Calendar and TimeZone pull in ICU, which cost the REPL several megabytes and a tenth of a
/// 10,000-session trend; dates here need nothing more than the civil day and time.
public enum CivilClock: Sendable, Equatable {
    case local
    case utc

    func parts(_ date: Date) -> tm {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var result = tm()
        switch self {
        case .local: localtime_r(&seconds, &result)
        case .utc: gmtime_r(&seconds, &result)
        }
        return result
    }

    static func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// "2026-11-29"
    public func day(_ date: Date) -> String {
        let t = parts(date)
        return "\(t.tm_year + 1900)-\(Self.two(t.tm_mon + 1))-\(Self.two(t.tm_mday))"
    }

    /// "2026-11-29 14:05"
    public func minute(_ date: Date) -> String {
        let t = parts(date)
        return day(date) + " \(Self.two(t.tm_hour)):\(Self.two(t.tm_min))"
    }

    /// The same clock time `days` calendar days later (or earlier).
    public func adding(days: Int, to date: Date) -> Date {
        var t = parts(date)
        t.tm_mday += Int32(days)
        t.tm_isdst = -1
        let seconds = self == .utc ? timegm(&t) : mktime(&t)
        return Date(timeIntervalSince1970: Double(seconds))
    }

    /// A moment given by its civil date and time.
    public func date(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0) -> Date {
        var t = tm()
        t.tm_year = Int32(year - 1900)
        t.tm_mon = Int32(month - 1)
        t.tm_mday = Int32(day)
        t.tm_hour = Int32(hour)
        t.tm_min = Int32(minute)
        t.tm_isdst = -1
        let seconds = self == .utc ? timegm(&t) : mktime(&t)
        return Date(timeIntervalSince1970: Double(seconds))
    }
}
