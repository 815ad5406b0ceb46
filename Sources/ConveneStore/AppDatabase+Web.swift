import ConveneCore
import Foundation
import GRDB

/// Answers from the participants' page, committed together.
extension AppDatabase {
    public enum BallotResult: Sendable, Equatable {
        case accepted
        /// This device already answered this pulse.
        case duplicate
        /// The pulse is closed (or not open in this session).
        case closed
    }

    /// Stores a batch of web answers in one durable transaction (group commit): each ballot hash
    /// is recorded apart from its answer; a second ballot from the same device is refused.
    public func commitBallots(_ items: [(answer: PulseAnswer, ballot: Data, pulse: Int)], session: Int64) throws(StoreError) -> [BallotResult] {
        try write { db in
            var open: [Int: Bool] = [:]
            let ballot = try db.cachedStatement(sql: "INSERT OR IGNORE INTO ballot (key) VALUES (?)")
            var random = SystemRandomNumberGenerator()
            var results: [BallotResult] = []
            for item in items {
                if open[item.pulse] == nil {
                    open[item.pulse] = try Bool.fetchOne(db, sql: "SELECT closedAt IS NULL FROM pulse WHERE sessionId = ? AND number = ?", arguments: [session, item.pulse]) ?? false
                }
                guard open[item.pulse] == true else {
                    results.append(.closed)
                    continue
                }
                try ballot.execute(arguments: [item.ballot])
                guard db.changesCount == 1 else {
                    results.append(.duplicate)
                    continue
                }
                try Self.insertAnswer(item.answer, session: session, pulse: item.pulse, db: db, random: &random)
                results.append(.accepted)
            }
            return results
        }
    }

    /// How many answers a pulse has.
    public func answerCount(session: Int64, pulse: Int) throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM response WHERE sessionId = ? AND pulseNumber = ?", arguments: [session, pulse]) ?? 0 }
    }
}

extension AppDatabase {
    /// The stored ballot hashes, for tests that check they say nothing.
    public func ballotKeys() throws(StoreError) -> [Data] {
        try read { db in try Data.fetchAll(db, sql: "SELECT key FROM ballot") }
    }
}
