import ConveneCore
import Foundation

/// What one table sends to the network, built from the group's history on the laptop and nothing
/// else: only what the threshold allows, under the larger of the group's k and the network's.
///
/// - A pulse is published only when it is revealed under that k (and its own promised k): closed,
///   at least k answers, no more answers than people present. Its aggregates are n, mean, sd, the
///   mean on a 1–5 scale turned round for reverse-worded questions, and the histogram of a scale.
/// - Segments only as the remainder rule kept them at close, and only when every shown segment and
///   the pool still have k answers under the network's k (otherwise none: hiding more of them here
///   could let a hidden one be worked out).
/// - Comments only with `comments: true`, sorted (their order says nothing about who answered when).
/// - Airtime by seat category and its Gini; commitments and conflicts as counts and states (the
///   owner's category, never the owner, the action or the conflict's words).
/// - Signals computed on that same history, with seat labels replaced by "CATEGORY seat N" and the
///   words of conflicts (and of comments, without `comments`) left out of the evidence.
public struct NetworkPublication: Sendable, Equatable {
    /// The longest group name the server takes for a table: a longer one is refused on the laptop,
    /// in words, before anything is sent.
    public static var groupNameLimit: Int { NetworkSchema.Limit.groupName }

    public struct Session: Sendable, Equatable, Codable {
        public var sessionID: Int64
        public var day: String
        public var startedAt: String
        public var title: String
        public var headcount: Int?
        public var conflictsRaised: Int
        public var airtimeTurns: Int?
        public var airtimeGini: Double?
        /// The mean on a 1–5 scale of the session's published trust (and worth) pulses, weighted by
        /// their answers, as the group's own trends have it: what the network's views read.
        public var trust: Double?
        public var worth: Double?

        enum CodingKeys: String, CodingKey {
            case sessionID = "session_id"
            case day
            case startedAt = "started_at"
            case title, headcount
            case conflictsRaised = "conflicts_raised"
            case airtimeTurns = "airtime_turns"
            case airtimeGini = "airtime_gini"
            case trust, worth
        }
    }

    public struct Headcount: Sendable, Equatable, Codable {
        public var sessionID: Int64
        public var category: String
        public var present: Int

        enum CodingKeys: String, CodingKey {
            case sessionID = "session_id"
            case category, present
        }
    }

    public struct Airtime: Sendable, Equatable, Codable {
        public var sessionID: Int64
        public var category: String
        public var turns: Int

        enum CodingKeys: String, CodingKey {
            case sessionID = "session_id"
            case category, turns
        }
    }

    public struct Pulse: Sendable, Equatable, Codable {
        public var sessionID: Int64
        public var number: Int
        public var question: String
        public var libraryID: String?
        public var answer: String
        public var measures: String?
        public var reverse: Bool
        public var scaleMin: Int?
        public var scaleMax: Int?
        public var k: Int
        public var n: Int
        public var present: Int?
        public var mean: Double?
        public var sd: Double?
        public var normalizedMean: Double?
        public var histogram: [PulseResult.Bar]?
        public var comments: [String]?

        enum CodingKeys: String, CodingKey {
            case sessionID = "session_id"
            case number, question
            case libraryID = "library_id"
            case answer, measures, reverse
            case scaleMin = "scale_min"
            case scaleMax = "scale_max"
            case k, n, present, mean, sd
            case normalizedMean = "normalized_mean"
            case histogram, comments
        }
    }

    public struct Segment: Sendable, Equatable, Codable {
        public var sessionID: Int64
        public var number: Int
        public var position: Int
        public var question: String
        public var segment: String
        public var pooled: Bool
        public var k: Int
        public var n: Int
        public var mean: Double?
        public var histogram: [PulseResult.Bar]

        enum CodingKeys: String, CodingKey {
            case sessionID = "session_id"
            case number, position, question, segment, pooled, k, n, mean, histogram
        }
    }

    public struct Commitment: Sendable, Equatable, Codable {
        public var sessionID: Int64
        public var number: Int
        public var ownerCategory: String
        public var due: String
        public var dueDay: String?
        public var doneSessionID: Int64?
        public var doneDay: String?
        public var state: String

        enum CodingKeys: String, CodingKey {
            case sessionID = "session_id"
            case number
            case ownerCategory = "owner_category"
            case due
            case dueDay = "due_day"
            case doneSessionID = "done_session_id"
            case doneDay = "done_day"
            case state
        }
    }

    public struct Conflict: Sendable, Equatable, Codable {
        public var sessionID: Int64
        public var number: Int
        public var resolvedSessionID: Int64?
        public var state: String

        enum CodingKeys: String, CodingKey {
            case sessionID = "session_id"
            case number
            case resolvedSessionID = "resolved_session_id"
            case state
        }
    }

    public struct SignalRow: Sendable, Equatable, Codable {
        public var signal: String
        public var ordinal: Int
        public var severity: String
        public var summary: String
        public var evidence: [String]
        public var figures: [String: Double]
        public var recommendations: [ConveneCore.Signal.Recommendation]
    }

    /// A decision as the network sees it: no words, the support only from k stances.
    public struct DecisionRow: Sendable, Equatable, Codable {
        public var sessionID: Int64
        public var number: Int
        public var method: String
        public var status: String
        public var stances: Int
        public var k: Int
        /// Stances per level name, only when shown under `k`.
        public var support: [String: Int]?
        public var accepted: Bool?
        public var quorumMet: Bool?
        public var present: Int?

        enum CodingKeys: String, CodingKey {
            case sessionID = "session_id"
            case number, method, status, stances, k, support, accepted
            case quorumMet = "quorum_met"
            case present
        }
    }

    public var group: String
    /// The group's own k, the network's, and the one every figure here passed: the larger.
    public var localK: Int
    public var networkK: Int
    public var k: Int { max(localK, networkK) }
    public var sessions: [Session] = []
    public var headcounts: [Headcount] = []
    public var airtime: [Airtime] = []
    public var pulses: [Pulse] = []
    public var segments: [Segment] = []
    public var commitments: [Commitment] = []
    public var conflicts: [Conflict] = []
    public var signals: [SignalRow] = []
    public var decisions: [DecisionRow] = []

    public init(history raw: GroupHistory, library: Library, networkK: Int, comments: Bool, clock: CivilClock = .local) {
        group = raw.group
        localK = raw.threshold
        self.networkK = networkK
        let history = Self.shown(raw, networkK: networkK)
        let k = history.threshold
        let stamp = ISO8601DateFormatter()
        for session in history.sessions {
            let turns = session.airtime.reduce(0) { $0 + $1.turns }
            sessions.append(
                Session(
                    sessionID: session.id, day: clock.day(session.date), startedAt: stamp.string(from: session.date), title: session.title,
                    headcount: session.headcount, conflictsRaised: session.conflictsRaised,
                    airtimeTurns: session.airtime.isEmpty ? nil : turns,
                    airtimeGini: session.airtime.count >= 2 ? Statistics(session.airtime.map { Double($0.turns) }).gini.flatMap(Self.finite) : nil
                ))
            let published = pulses.count
            defer {
                // The session's trust and worth from the pulses just published for it.
                func mean(_ measure: PulseSpec.Measure) -> Double? {
                    let shown = pulses[published...].filter { $0.measures == measure.rawValue && $0.normalizedMean != nil }
                    let n = shown.reduce(0) { $0 + $1.n }
                    return n == 0 ? nil : Self.finite(shown.reduce(0.0) { $0 + $1.normalizedMean! * Double($1.n) } / Double(n))
                }
                sessions[sessions.count - 1].trust = mean(.trust)
                sessions[sessions.count - 1].worth = mean(.worth)
            }
            for count in session.headcountByCategory ?? [] {
                headcounts.append(Headcount(sessionID: session.id, category: count.category, present: count.count))
            }
            // Turns by category, counted as every local surface counts them.
            // Under the seats of the session; with no roster then, no category to count under (as `sessions show`).
            let seats = session.seats ?? raw.roster
            for count in seats.isEmpty
                ? []
                : CategoryShares(turns: session.airtime.map { ($0.label, $0.turns) }, roster: seats, present: nil, categories: raw.categories).counts
            {
                airtime.append(Airtime(sessionID: session.id, category: count.category, turns: count.count))
            }
            for pulse in session.pulses where pulse.isRevealed(threshold: k, present: session.headcount) {
                let pulseK = max(k, pulse.threshold ?? k)
                let stats = Statistics(pulse.values.map(Double.init))
                let scale = pulse.answer == .scale ? pulse.scaleMin.flatMap { low in pulse.scaleMax.map { (low, $0) } } : nil
                pulses.append(
                    Pulse(
                        sessionID: session.id, number: pulse.number, question: pulse.question, libraryID: pulse.libraryID,
                        answer: pulse.answer.rawValue,
                        measures: pulse.measures?.rawValue, reverse: pulse.reverse, scaleMin: pulse.scaleMin, scaleMax: pulse.scaleMax,
                        k: pulseK, n: pulse.count, present: pulse.present ?? session.headcount,
                        mean: pulse.values.isEmpty ? nil : stats.mean.flatMap(Self.finite),
                        sd: pulse.values.isEmpty ? nil : stats.standardDeviation.flatMap(Self.finite),
                        normalizedMean: Statistics(pulse.normalizedValues).mean.flatMap(Self.finite),
                        histogram: scale.flatMap { low, high in
                            high >= low && !pulse.values.isEmpty
                                ? (low...high).map { v in PulseResult.Bar(label: "\(v)", count: pulse.values.filter { $0 == v }.count) } : nil
                        },
                        comments: comments && !pulse.comments.isEmpty ? pulse.comments.sorted() : nil
                    ))
                if let breakdown = pulse.segments {
                    let rows = breakdown.rows.map { ($0, false) } + (breakdown.other.map { [($0, true)] } ?? [])
                    for (position, (row, pooled)) in rows.enumerated() {
                        segments.append(
                            Segment(
                                sessionID: session.id, number: pulse.number, position: position, question: breakdown.question,
                                segment: row.segment, pooled: pooled, k: pulseK, n: row.count, mean: row.mean.flatMap(Self.finite),
                                histogram: row.distribution))
                    }
                }
            }
        }
        let published = Set(history.sessions.map(\.id))
        for commitment in raw.commitments where published.contains(commitment.madeSession) {
            let (due, dueDay): (String, String?) =
                switch commitment.due {
                case .none: ("none", nil)
                case .nextSession: ("next-session", nil)
                case .day(let day): ("day", day)
                }
            commitments.append(
                Commitment(
                    sessionID: commitment.madeSession, number: commitment.number,
                    ownerCategory: raw.category(ofOwner: commitment.owner, madeIn: commitment.madeSession),
                    due: due, dueDay: dueDay, doneSessionID: commitment.doneSession, doneDay: commitment.doneAt.map(clock.day),
                    state: commitment.doneSession == nil ? "open" : "done"))
        }
        for conflict in raw.conflicts where published.contains(conflict.raisedSession) {
            conflicts.append(
                Conflict(
                    sessionID: conflict.raisedSession, number: conflict.number, resolvedSessionID: conflict.resolvedSession,
                    state: conflict.resolvedSession == nil ? "open" : "resolved"))
        }
        for entry in raw.decisions where published.contains(entry.session) {
            let d = entry.decision
            // The larger of the network's k and the one the stance round was held under.
            let decisionK = max(k, d.threshold ?? k)
            let shown = d.open == nil ? d.supportShown(under: decisionK) : nil
            decisions.append(
                DecisionRow(
                    sessionID: entry.session, number: d.number, method: d.method.rawValue, status: d.status.rawValue, stances: d.stances,
                    k: decisionK,
                    support: shown.map { counts in Dictionary(uniqueKeysWithValues: d.stance.levels.map { ($0.name, counts[$0.value] ?? 0) }) },
                    accepted: shown == nil ? nil : d.verdict?.accepted, quorumMet: d.quorumMissing.map(\.isEmpty), present: d.present))
        }
        var ordinals: [String: Int] = [:]
        for signal in SignalDetector(library: library, clock: clock).signals(Self.anonymized(history)) {
            let id = signal.id.rawValue
            let ordinal = ordinals[id, default: 0]
            ordinals[id] = ordinal + 1
            let scrub = { (text: String) in
                Self.scrub(text, conflicts: raw.conflicts.map(\.text), commentWords: !comments && signal.id == .recurringConcern)
            }
            signals.append(
                SignalRow(
                    signal: id, ordinal: ordinal, severity: signal.severity.rawValue,
                    summary: scrub(signal.summary), evidence: signal.evidence.map(scrub),
                    figures: signal.figures.filter { $0.value.isFinite }, recommendations: signal.recommendations))
        }
    }

    static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }

    /// The history as the network may see it: the larger k, and only what it reveals (segments only
    /// when every shown one and the pool still pass it, as on every other surface).
    static func shown(_ raw: GroupHistory, networkK: Int) -> GroupHistory {
        var history = raw
        history.threshold = max(raw.threshold, networkK)
        return history.revealedOnly()
    }

    /// Seat labels (the roster's, airtime's, commitment owners') become "CATEGORY seat N", and
    /// commitments' words go: the signals are computed on this, so their evidence names nobody.
    static func anonymized(_ raw: GroupHistory) -> GroupHistory {
        var history = raw
        let labels = Set(
            raw.roster.map(\.label) + raw.sessions.flatMap { $0.airtime.map(\.label) + ($0.seats ?? []).map(\.label) } + raw.commitments.map(\.owner))
        var keys: [String: String] = [:]
        for label in labels { keys[Seat.key(label)] = raw.roster.category(of: label) }
        var alias: [String: String] = [:]
        var numbers: [String: Int] = [:]
        for (key, category) in keys.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) {
            numbers[category, default: 0] += 1
            alias[key] = "\(category) seat \(numbers[category]!)"
        }
        func rename(_ label: String) -> String { alias[Seat.key(label)] ?? "a seat" }
        history.roster = raw.roster.map { Seat(label: rename($0.label), category: $0.category) }
        for s in history.sessions.indices {
            for a in history.sessions[s].airtime.indices { history.sessions[s].airtime[a].label = rename(history.sessions[s].airtime[a].label) }
            // The session's seats keep their categories then, under the same aliases.
            history.sessions[s].seats = history.sessions[s].seats?.map { Seat(label: rename($0.label), category: $0.category) }
        }
        for c in history.commitments.indices {
            history.commitments[c].owner = rename(history.commitments[c].owner)
            history.commitments[c].action = "commitment \(history.commitments[c].number)"
        }
        return history
    }

    /// Evidence without the words of conflicts raised in the room (and, for a recurring concern
    /// published without comments, without the words from the comments).
    static func scrub(_ text: String, conflicts: [String], commentWords: Bool) -> String {
        var text = text
        for words in conflicts.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            text = text.replacingOccurrences(of: words, with: "(words not published)")
        }
        if commentWords {
            text = text.replacingOccurrences(
                of: "“[^”]*”", with: "(a term from comments, published only with --comments)", options: .regularExpression)
        }
        return text
    }
}
