import Foundation

/// A finding about a group across sessions, with the numbers behind it and what to do about it.
public struct Signal: Sendable, Equatable, Codable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case info, watch, act

        var rank: Int { self == .info ? 0 : self == .watch ? 1 : 2 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

        /// What the level means, said once where severities first appear and in `/help signals`.
        public var meaning: String {
            switch self {
            case .act: "a change large enough to matter, and chance would show it less than 1 time in 100 (p < 0.01): take it up now"
            case .watch:
                "a change the data show (chance would show it less than 1 time in 20, p < 0.05) but smaller or less certain: keep an eye on it"
            case .info: "for the record: too few answers, turns or sessions to tell a change from chance, or context with no test behind it"
            }
        }

        /// The three levels explained, one line each.
        public static let legend: [String] = [Severity.act, .watch, .info].map { "\($0.rawValue.uppercased()): \($0.meaning)." }
    }

    /// What a test had and what it needs before it can tell a change from chance.
    public struct Sample: Sendable, Equatable, Codable {
        public var has: Int
        public var needs: Int
        /// What is counted: "answers in the latest session", "turns expected per category".
        public var of: String

        public init(has: Int, needs: Int, of: String) {
            self.has = has
            self.needs = needs
            self.of = of
        }
    }

    public struct Recommendation: Sendable, Equatable, Codable {
        public var id: String
        public var title: String
        public var kind: String
    }

    public var id: SignalID
    public var severity: Severity
    public var summary: String
    public var evidence: [String]
    public var recommendations: [Recommendation]
    /// The exact numbers behind the evidence (slope, means, standard deviation, Gini, shares), unrounded.
    public var figures: [String: Double]
    /// Set when the signal says "too few to tell" (at info) rather than firing or calling a direction.
    public var tooFew: Sample?

    public init(
        id: SignalID, severity: Severity, summary: String, evidence: [String], recommendations: [Recommendation] = [], figures: [String: Double] = [:]
    ) {
        self.id = id
        self.severity = severity
        self.summary = summary
        self.evidence = evidence
        self.recommendations = recommendations
        self.figures = figures
    }

    /// "Too few to tell": what the figures would suggest, said at info with the n had and needed,
    /// instead of firing on a sample that chance alone moves this much.
    public static func tooFewToTell(
        _ id: SignalID, about: String, sample: Sample, evidence: [String], figures: [String: Double] = [:]
    ) -> Signal {
        var signal = Signal(
            id: id, severity: .info,
            summary: "Too few to tell \(about): \(sample.has) \(sample.of), at least \(sample.needs) needed.",
            evidence: evidence, figures: figures.merging(["n": Double(sample.has), "needed": Double(sample.needs)]) { $1 })
        signal.tooFew = sample
        return signal
    }
}
