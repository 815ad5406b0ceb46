import ConveneCore
import Foundation

/// What the network's views read: every table's published sessions with their trust, worth and
/// voice, and the signals each table published. Built from the server's rows and nothing else, so
/// it can show no more than the tables sent (which was already under the larger k).
public struct NetworkOverview: Sendable, Equatable, Codable {
    /// One published session of a table.
    public struct Session: Sendable, Equatable, Codable {
        public var session: Int64
        public var day: String
        public var headcount: Int?
        /// Trust and worth: the mean on a 1–5 scale of the session's published pulses of that
        /// measure, weighted by their answers (as a group's own trends weigh them); nil when none was.
        public var trust: Double?
        public var worth: Double?
        /// The airtime Gini: 0 when every seat spoke as often, towards 1 when a few did.
        public var voice: Double?

        public init(session: Int64, day: String, headcount: Int?, trust: Double?, worth: Double?, voice: Double?) {
            self.session = session
            self.day = day
            self.headcount = headcount
            self.trust = trust
            self.worth = worth
            self.voice = voice
        }
    }

    public struct SignalRow: Sendable, Equatable, Codable {
        public var signal: String
        public var severity: String
        public var summary: String
        public var evidence: [String]

        public init(signal: String, severity: String, summary: String, evidence: [String]) {
            self.signal = signal
            self.severity = severity
            self.summary = summary
            self.evidence = evidence
        }
    }

    public struct Table: Sendable, Equatable, Codable {
        public var id: String
        public var name: String
        /// The k the table's figures were published under (the larger of its own and the network's).
        public var k: Int?
        public var sessions: [Session]
        public var signals: [SignalRow]

        public init(id: String, name: String, k: Int?, sessions: [Session], signals: [SignalRow]) {
            self.id = id
            self.name = name
            self.k = k
            self.sessions = sessions
            self.signals = signals
        }

        /// The latest published value of a measure, or of voice.
        public func latest(_ series: Series) -> Double? { sessions.reversed().lazy.compactMap { series.value(of: $0) }.first }
    }

    /// The three series the views compare across tables.
    public enum Series: String, CaseIterable, Sendable {
        case trust, worth, voice

        public func value(of session: Session) -> Double? {
            switch self {
            case .trust: session.trust
            case .worth: session.worth
            case .voice: session.voice
            }
        }

        public var range: ClosedRange<Double> { self == .voice ? 0...1 : 1...5 }

        public var caption: String {
            switch self {
            case .trust: "Trust (mean of 5)"
            case .worth: "Worth the time (mean of 5)"
            case .voice: "Voice: airtime Gini (0 = every seat as often; lower is more even)"
            }
        }
    }

    /// The network's own k.
    public var k: Int
    /// Tables by name.
    public var tables: [Table]

    public init(k: Int, tables: [Table]) {
        self.k = k
        self.tables = tables.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }

    /// The signal ids any table shows, in the order of the signal vocabulary.
    public var signalIDs: [String] {
        let shown = Set(tables.flatMap { $0.signals.map(\.signal) })
        let known = SignalID.allCases.map(\.rawValue)
        return known.filter(shown.contains) + shown.subtracting(known).sorted()
    }

    /// The strongest severity a table shows for a signal, if it shows it.
    public func severity(of signal: String, at table: Table) -> String? {
        let order = ["info", "watch", "act"]
        return table.signals.filter { $0.signal == signal }.map(\.severity).max { (order.firstIndex(of: $0) ?? 0) < (order.firstIndex(of: $1) ?? 0) }
    }
}
