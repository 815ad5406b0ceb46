import ConveneCore
import Foundation
import GRDB

/// Answers and joins from the participants' page, committed together.
extension AppDatabase {
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

    /// Stores a batch from the page in one durable transaction (group commit), as the core
    /// admitted it: `granted` more devices hold a token, and each admitted ballot's hash is
    /// recorded apart from its answer. A second ballot from one device is refused by the table's
    /// key, the last line of defence: returns, for each ballot, whether it was stored.
    public func commitWeb(granted: Int, ballots: [(ballot: Ballot, answerKey: Data)], session: Int64) throws(StoreError) -> [Bool] {
        try write { db in
            if granted > 0 {
                try db.execute(sql: "UPDATE session_secret SET devices = devices + ? WHERE sessionId = ?", arguments: [granted, session])
            }
            let insertBallot = try db.cachedStatement(sql: "INSERT OR IGNORE INTO ballot (key, sessionId) VALUES (?, ?)")
            return try ballots.map { item, answerKey in
                try insertBallot.execute(arguments: [item.key, session])
                guard db.changesCount == 1 else { return false }
                try Self.insertAnswer(item.answer, key: answerKey, session: session, pulse: item.pulse, db: db)
                return true
            }
        }
    }

    /// How many answers a pulse has.
    public func answerCount(session: Int64, pulse: Int) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM response WHERE sessionId = ? AND pulseNumber = ?", arguments: [session, pulse]) ?? 0
        }
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
