import Foundation

/// A finding about a group across sessions, with the numbers behind it and what to do about it.
public struct Signal: Sendable, Equatable, Codable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case info, watch, act

        var rank: Int { self == .info ? 0 : self == .watch ? 1 : 2 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
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
}
