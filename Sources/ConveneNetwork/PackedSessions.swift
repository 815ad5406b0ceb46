import NIOCore
import PostgresNIO

/// How the views read every published session (trust, worth and voice are on the session rows since
/// migration 002): one row per table, its sessions packed by the server into one bytea of 40-byte
/// records in the order they met (id int8, day as days since 2000-01-01 int4, headcount int4 or -1,
/// trust, worth and voice float8 or NaN; big-endian, as PostgreSQL's own `*send` functions write
/// them). 5,000 rows instead of 600,000, no number turned into text and back (float8 is sent as
/// itself, so values read back equal), and half the bytes of text: at 5,000 tables × 120 sessions
/// the laptop's reading of the stream, not the query, was most of the time. NaN and -1 cannot be
/// stored (the columns' checks), so they stand for none. The order is the subquery's, so that
/// PostgreSQL reads `convene_session_order` (migration 004) and groups as it goes instead of
/// sorting every session (at 600,000 a sort spilled to disk).
enum PackedSessions {
    static let query = """
        SELECT table_id, string_agg(int8send(session_id) || int4send(day - DATE '2000-01-01') || int4send(coalesce(headcount, -1))
                || float8send(coalesce(trust, 'NaN')) || float8send(coalesce(worth, 'NaN')) || float8send(coalesce(airtime_gini, 'NaN')), ''::bytea)
        FROM (
            SELECT table_id, session_id, day, headcount, trust, worth, airtime_gini FROM convene_session ORDER BY table_id, started_at, session_id
        ) ordered
        GROUP BY table_id
        """

    static let recordSize = 40

    /// One table's id and its sessions, in the order they met.
    static func sessions(_ row: PostgresRow) throws -> (String, [NetworkOverview.Session]) {
        let (table, packed) = try row.decode((String, ByteBuffer).self)
        var buffer = packed
        guard buffer.readableBytes % recordSize == 0 else {
            throw NetworkError.server("the sessions of table \(table.prefix(40)) cannot be read: run `convene network init` with this convene")
        }
        var sessions: [NetworkOverview.Session] = []
        sessions.reserveCapacity(buffer.readableBytes / recordSize)
        while let id = buffer.readInteger(as: Int64.self), let day = buffer.readInteger(as: Int32.self),
            let headcount = buffer.readInteger(as: Int32.self), let trust = buffer.readInteger(as: UInt64.self),
            let worth = buffer.readInteger(as: UInt64.self), let voice = buffer.readInteger(as: UInt64.self)
        {
            func value(_ bits: UInt64) -> Double? {
                let number = Double(bitPattern: bits)
                return number.isNaN ? nil : number
            }
            sessions.append(
                NetworkOverview.Session(
                    session: id, day: Self.day(Int(day)), headcount: headcount < 0 ? nil : Int(headcount), trust: value(trust),
                    worth: value(worth), voice: value(voice)))
        }
        return (table, sessions)
    }

    /// "YYYY-MM-DD" of a day counted from 2000-01-01 (the proleptic Gregorian calendar, as
    /// PostgreSQL's date; Howard Hinnant's civil_from_days).
    static func day(_ sinceY2K: Int) -> String {
        let z = sinceY2K + 10957 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            for _ in 0..<count {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(y, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(m, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(d, 2)
        return String(decoding: bytes, as: UTF8.self)
    }
}
