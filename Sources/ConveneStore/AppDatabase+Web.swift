import ConveneCore
import Foundation
import GRDB

/// Answers and joins from the participants' page, committed together.
extension AppDatabase {
    public enum BallotResult: Sendable, Equatable {
        case accepted
        /// This device already answered this pulse.
        case duplicate
        /// The pulse is closed (or not open in this session).
        case closed
        /// The pulse already has an answer for everyone present.
        case full
    }

    public struct Ballot: Sendable {
        public var answer: PulseAnswer
        /// The keyed hash of the device token for this pulse: no link to the answer.
        public var key: Data
        public var pulse: Int

        public init(answer: PulseAnswer, key: Data, pulse: Int) {
            self.answer = answer
            self.key = key
            self.pulse = pulse
        }
    }

    /// Stores a batch from the page in one durable transaction (group commit): `joins` new devices,
    /// granted while fewer than `cap` devices hold a token, and ballots, each ballot hash recorded
    /// apart from its answer, a second ballot from one device refused, and no pulse taking more
    /// than `cap` answers. Returns how many joins were granted and each ballot's result. `answered`
    /// gives each pulse's count when the caller holds it (the live session does, under its lock),
    /// sparing a count of every answer in every batch.
    public func commitWeb(joins: Int, ballots: [Ballot], session: Int64, cap: Int, answered: [Int: Int] = [:]) throws(StoreError) -> (granted: Int, results: [BallotResult]) {
        try write { db in
            var granted = 0
            if joins > 0 {
                let devices = try Int.fetchOne(db, sql: "SELECT devices FROM session_secret WHERE sessionId = ?", arguments: [session]) ?? cap
                granted = max(0, min(joins, cap - devices))
                if granted > 0 {
                    try db.execute(sql: "UPDATE session_secret SET devices = devices + ? WHERE sessionId = ?", arguments: [granted, session])
                }
            }
            var open: [Int: Bool] = [:]
            var counts: [Int: Int] = [:]
            let ballot = try db.cachedStatement(sql: "INSERT OR IGNORE INTO ballot (key, sessionId) VALUES (?, ?)")
            var random = SystemRandomNumberGenerator()
            var results: [BallotResult] = []
            for item in ballots {
                if open[item.pulse] == nil {
                    open[item.pulse] = try Bool.fetchOne(db, sql: "SELECT closedAt IS NULL FROM pulse WHERE sessionId = ? AND number = ?", arguments: [session, item.pulse]) ?? false
                    counts[item.pulse] = try answered[item.pulse]
                        ?? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM response WHERE sessionId = ? AND pulseNumber = ?", arguments: [session, item.pulse]) ?? 0
                }
                guard open[item.pulse] == true else {
                    results.append(.closed)
                    continue
                }
                guard counts[item.pulse, default: 0] < cap else {
                    results.append(.full)
                    continue
                }
                try ballot.execute(arguments: [item.key, session])
                guard db.changesCount == 1 else {
                    results.append(.duplicate)
                    continue
                }
                try Self.insertAnswer(item.answer, session: session, pulse: item.pulse, db: db, random: &random)
                counts[item.pulse, default: 0] += 1
                results.append(.accepted)
            }
            return (granted, results)
        }
    }

    /// How many answers a pulse has.
    public func answerCount(session: Int64, pulse: Int) throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM response WHERE sessionId = ? AND pulseNumber = ?", arguments: [session, pulse]) ?? 0 }
    }
}

extension AppDatabase {
    /// Whether a ballot hash is already stored: a phone that answered the open pulse waits for the
    /// next question instead of being shown this one again.
    public func hasBallot(_ key: Data) throws(StoreError) -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM ballot WHERE key = ?)", arguments: [key]) ?? false }
    }

    /// The stored ballot hashes, for tests that check they say nothing.
    public func ballotKeys() throws(StoreError) -> [Data] {
        try read { db in try Data.fetchAll(db, sql: "SELECT key FROM ballot") }
    }
}
