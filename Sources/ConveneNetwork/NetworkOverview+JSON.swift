import ConveneCore
import Foundation

/// The overview as JSON, written directly: the same document `JSONEncoder` makes of it (sorted
/// keys, absent values left out), several times faster for a network of 60,000 sessions.
extension NetworkOverview {
    public func json() -> String {
        var out = ""
        out.reserveCapacity(64 + tables.reduce(0) { $0 + 128 + $1.sessions.count * 110 })
        out += "{\"k\":\(k),\"tables\":["
        for (t, table) in tables.enumerated() {
            if t > 0 { out += "," }
            out += "{\"id\":"
            Self.string(table.id, into: &out)
            if let k = table.k { out += ",\"k\":\(k)" }
            out += ",\"name\":"
            Self.string(table.name, into: &out)
            out += ",\"sessions\":["
            for (s, session) in table.sessions.enumerated() {
                if s > 0 { out += "," }
                out += "{\"day\":"
                Self.string(session.day, into: &out)
                if let headcount = session.headcount { out += ",\"headcount\":\(headcount)" }
                out += ",\"session\":\(session.session)"
                Self.number("trust", session.trust, into: &out)
                Self.number("voice", session.voice, into: &out)
                Self.number("worth", session.worth, into: &out)
                out += "}"
            }
            out += "],\"signals\":["
            for (s, signal) in table.signals.enumerated() {
                if s > 0 { out += "," }
                out += "{\"evidence\":["
                for (e, line) in signal.evidence.enumerated() {
                    if e > 0 { out += "," }
                    Self.string(line, into: &out)
                }
                out += "],\"severity\":"
                Self.string(signal.severity, into: &out)
                out += ",\"signal\":"
                Self.string(signal.signal, into: &out)
                out += ",\"summary\":"
                Self.string(signal.summary, into: &out)
                out += "}"
            }
            out += "]}"
        }
        out += "]}"
        // What a terminal would act on but JSON leaves raw (C1 and bidirectional controls) is escaped too.
        return TerminalText.escapeJSON(out)
    }

    static func number(_ key: String, _ value: Double?, into out: inout String) {
        guard let value, value.isFinite else { return }
        out += ",\"\(key)\":"
        out += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : value.description
    }

    static func string(_ text: String, into out: inout String) {
        out += "\""
        // Most text needs no escaping: copy it whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
