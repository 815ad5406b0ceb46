import ConveneCore
import Foundation
import GRDB

/// The group's memory as a session sees it, anonymous answers, and group settings.
extension AppDatabase {
    /// The group context for a session: threshold, agreements, conflicts and commitments with their
    /// age in sessions, and airtime labels used before.
    public func context(forSession session: Int64) throws(StoreError) -> GroupContext {
        try read { db in try Self.context(session: session, db: db) }
    }

    static func context(session: Int64, db: Database) throws -> GroupContext {
        guard let groupId = try Int64.fetchOne(db, sql: "SELECT groupId FROM session WHERE id = ?", arguments: [session]) else {
            throw StoreError(.notFound, "session \(session) is not in the store")
        }
        // One read of the group's row: its threshold, language and seat categories.
        let group = try GroupRecord.fetchOne(db, key: groupId)
        let threshold = group?.threshold ?? GroupContext.defaultThreshold
        let language = group?.language ?? .en
        let ordinal = try sessionNumbers(groupId: groupId, db: db)
        let current = ordinal[session] ?? ordinal.count
        // The group's memory as it was when this session met: nothing made in a session stored after
        // it, and what such a session resolved, did or retired is still open here. Stored order, not
        // the clock: a session being run is the last stored, so it sees everything, whatever the
        // laptop's clock says.
        /// Whether a step taken in session `id` had happened by this one (nil: never taken).
        func byNow(_ id: Int64?) -> Bool { id.map { $0 <= session } ?? false }
        /// Records from before v11 carry no session for their agreement: they count as made before.
        func made(_ id: Int64?) -> Bool { id == nil || byNow(id) }
        func span(from start: Int64, to end: Int64?) -> Int {
            SessionAge.sessionsOpen(from: ordinal[start] ?? current, to: byNow(end) ? end.flatMap { ordinal[$0] } ?? current : current)
        }
        let agreements = try AgreementRecord.filter(AgreementRecord.Columns.groupId == groupId).order(AgreementRecord.Columns.number).fetchAll(db)
            .filter { made($0.madeSessionId) }
            .map { record in
                var agreement = record.agreement
                if record.retiredSessionId != nil, !byNow(record.retiredSessionId) { agreement.retiredAt = nil }
                return agreement
            }
        let conflicts = try ConflictRecord.filter(ConflictRecord.Columns.groupId == groupId).order(ConflictRecord.Columns.number).fetchAll(db)
            .filter { made($0.raisedSessionId) }
            .map { record in
                var conflict = record.conflict(sessionsOpen: span(from: record.raisedSessionId, to: record.resolvedSessionId))
                if !byNow(record.resolvedSessionId) { (conflict.resolvedAt, conflict.resolution) = (nil, nil) }
                return conflict
            }
        let commitments = try CommitmentRecord.filter(CommitmentRecord.Columns.groupId == groupId).order(CommitmentRecord.Columns.number).fetchAll(db)
            .filter { made($0.madeSessionId) }
            .map { record in
                var commitment = record.commitment(sessionsOpen: span(from: record.madeSessionId, to: record.doneSessionId))
                if !byNow(record.doneSessionId) { commitment.doneAt = nil }
                return commitment
            }
        let labels = try String.fetchAll(
            db,
            sql: """
                SELECT label FROM airtime JOIN session ON session.id = airtime.sessionId
                WHERE session.groupId = ? GROUP BY label ORDER BY SUM(turns) DESC, label
                """, arguments: [groupId])
        var context = GroupContext(
            threshold: threshold, sessionNumber: current, agreements: agreements, conflicts: conflicts, commitments: commitments, labels: labels,
            language: language)
        // An ended session shows the seats as they were in it (v14); one still running, the roster now.
        if try Bool.fetchOne(db, sql: "SELECT status = 'ended' FROM session WHERE id = ?", arguments: [session]) == true {
            context.roster = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.label, r.category FROM roster_seat r JOIN session s ON s.rosterVersionId = r.versionId WHERE s.id = ?
                    ORDER BY r.label COLLATE NOCASE
                    """, arguments: [session]
            ).map { Seat(label: $0[0], category: $0[1]) }
        } else {
            context.roster = try roster(groupId: groupId, db: db)
        }
        context.categories = group?.categoryList ?? Seat.defaultCategories
        // How the group decides, and its decisions made by this session (in number order).
        context.decisionRule = try group?.decisionRule.map(DecisionRule.parse)
        context.quorum = try group?.quorum.map { text throws(CoreError) in try Quorum.parse(text, categories: context.categories) } ?? Quorum()
        context.decisionsOnRecord = group?.decisionsOnRecord ?? false
        context.decisions = try DecisionRecord.filter(DecisionRecord.Columns.groupId == groupId).order(DecisionRecord.Columns.number).fetchAll(db)
            .filter { byNow($0.sessionId) }.compactMap(\.decision)
        let segments = try segmentHistory(groupId: groupId, db: db)
        context.segmentQuestions = segments.questions
        for shown in segments.shown where shown.session != session { context.segmentLedger.record(shown.segments, for: shown.question) }
        return context
    }

    /// The group's segment questions (declared, then as pulses first asked them), and each pulse
    /// that showed results by segment, in time order: what the core's rules across pulses read.
    static func segmentHistory(groupId: Int64, db: Database) throws -> (
        questions: [PulseSegments], shown: [(session: Int64, question: String, segments: PulseSegments)]
    ) {
        var questions = try String.fetchAll(
            db, sql: "SELECT segments FROM group_segment WHERE groupId = ? ORDER BY position", arguments: [groupId]
        ).compactMap(Self.segments(json:))
        var shown: [(session: Int64, question: String, segments: PulseSegments)] = []
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT p.sessionId, p.question, p.segments,
                       EXISTS (SELECT 1 FROM pulse_segment ps WHERE ps.sessionId = p.sessionId AND ps.pulseNumber = p.number)
                FROM pulse p JOIN session s ON s.id = p.sessionId
                WHERE s.groupId = ? AND p.segments IS NOT NULL ORDER BY s.startedAt, s.id, p.number
                """, arguments: [groupId])
        {
            guard let segments = Self.segments(json: row[2]) else { continue }
            if !segments.byCategory, PulseSegments.named(segments.question, in: questions) == nil { questions.append(segments) }
            if row[3] as Bool { shown.append((row[0], row[1], segments)) }
        }
        return (questions, shown)
    }

    /// Each session's number within its group (1 for the first), by the store's id: the one order
    /// the banner, the context and the decisions log count in.
    static func sessionNumbers(groupId: Int64, db: Database) throws -> [Int64: Int] {
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM session WHERE groupId = ? ORDER BY startedAt, id", arguments: [groupId])
        return Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0 + 1) })
    }

    /// The group's decisions log, each with the session's number within the group.
    public func decisionLog(group: GroupRecord) throws(StoreError) -> DecisionLog {
        try read { db in
            let ordinal = try Self.sessionNumbers(groupId: group.id!, db: db)
            let entries = try DecisionRecord.filter(DecisionRecord.Columns.groupId == group.id).order(DecisionRecord.Columns.number).fetchAll(db)
                .compactMap { record in record.decision.map { DecisionLog.Entry(decision: $0, session: ordinal[record.sessionId] ?? 0) } }
            return DecisionLog(group: group.name, threshold: group.threshold, entries: entries)
        }
    }

    /// Sets how the group decides: its rule, its quorum, whether stances are on the record.
    public func setDecisionRules(rule: String??, quorum: String??, onRecord: Bool?, group name: String) throws(StoreError) -> GroupRecord {
        try write { db in
            var group = try Self.group(named: name, db: db)
            if let rule { group.decisionRule = rule }
            if let quorum { group.quorum = quorum }
            if let onRecord { group.decisionsOnRecord = onRecord }
            try group.update(db)
            return group
        }
    }

    /// The group's segment questions, declared or asked.
    public func segmentQuestions(group name: String) throws(StoreError) -> [PulseSegments] {
        try read { db in try Self.segmentHistory(groupId: try Self.group(named: name, db: db).id!, db: db).questions }
    }

    /// Declares a segment question for the group (the core has checked it against the others).
    public func declare(_ segments: PulseSegments, group name: String) throws(StoreError) {
        try write { db in
            let groupId = try Self.group(named: name, db: db).id!
            let position = try Int.fetchOne(
                db, sql: "SELECT COALESCE(MAX(position), 0) + 1 FROM group_segment WHERE groupId = ?", arguments: [groupId])
            try db.execute(
                sql: "INSERT INTO group_segment (groupId, position, question, segments) VALUES (?, ?, ?, ?)",
                arguments: [groupId, position, segments.question, String(decoding: try Self.encoder.encode(segments), as: UTF8.self)])
        }
    }

    /// A pulse's segment question as stored (JSON), or nil.
    static func segments(json: String?) -> PulseSegments? {
        json.flatMap { try? JSONDecoder().decode(PulseSegments.self, from: Data($0.utf8)) }
    }

    static let responseInsert =
        "INSERT INTO response (key, sessionId, pulseNumber, value, traffic, words, text, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"

    /// The one way an answer is written: under its random 16-byte key, with nothing about who,
    /// where or when. Nor its segment: while a pulse is open, a segment of one or two answers
    /// beside a value or a comment would name them in a copy of the file; the segments live in
    /// memory until the close keeps what the remainder rule allows.
    static func insertAnswer(_ answer: PulseAnswer, key: Data, session: Int64, pulse: Int, db: Database) throws {
        try db.cachedStatement(sql: responseInsert).execute(arguments: [
            key, session, pulse, answer.value, answer.traffic?.rawValue,
            answer.words?.joined(separator: " "), answer.text, answer.comment,
        ])
    }

    /// A fresh random key for an answer: its place in the stored order says nothing.
    public static func answerKey() -> Data {
        var random = SystemRandomNumberGenerator()
        return withUnsafeBytes(of: (random.next(), random.next())) { Data($0) }
    }

    /// Stores answers the core admitted, under their keys, in one durable transaction.
    public func addAnswers(_ answers: [(key: Data, answer: PulseAnswer)], session: Int64, pulse: Int) throws(StoreError) {
        guard !answers.isEmpty else { return }
        try write { db in
            for (key, answer) in answers { try Self.insertAnswer(answer, key: key, session: session, pulse: pulse, db: db) }
        }
    }

    /// The results by segment kept when each segmented pulse of a session closed.
    public func storedSegments(session: Int64) throws(StoreError) -> [Int: SegmentBreakdown] {
        try read { db in try Self.storedSegments(session: session, db: db) }
    }

    /// The final count of each closed pulse of a session, kept even when its answers were withheld.
    public func closedCounts(session: Int64) throws(StoreError) -> [Int: Int] {
        try read { db in
            var counts: [Int: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT number, answers FROM pulse WHERE sessionId = ? AND closedAt IS NOT NULL", arguments: [session])
            {
                counts[row["number"]] = row["answers"] ?? 0
            }
            return counts
        }
    }

    /// Answers per pulse number with their keys, in key order: random, and the same every time.
    public func keyedAnswers(session: Int64) throws(StoreError) -> [Int: [(key: Data, answer: PulseAnswer)]] {
        try read { db in
            var result: [Int: [(key: Data, answer: PulseAnswer)]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM response WHERE sessionId = ? ORDER BY key", arguments: [session]) {
                let words: String? = row["words"]
                let answer = PulseAnswer(
                    value: row["value"], traffic: (row["traffic"] as String?).flatMap(PulseAnswer.Traffic.init(rawValue:)),
                    words: words.map { $0.split(separator: " ").map(String.init) }, text: row["text"], comment: row["comment"]
                )
                result[row["pulseNumber"], default: []].append((row["key"], answer))
            }
            return result
        }
    }

    /// Answers per pulse number, in key order.
    public func answers(session: Int64) throws(StoreError) -> [Int: [PulseAnswer]] {
        try keyedAnswers(session: session).mapValues { $0.map(\.answer) }
    }

    /// Sets a group's anonymity threshold k (3 to 10).
    @discardableResult
    public func setThreshold(_ threshold: Int, group name: String) throws(StoreError) -> GroupRecord {
        guard GroupContext.thresholdRange.contains(threshold) else {
            throw StoreError(
                .failed,
                "threshold \(threshold) refused: it must be from \(GroupContext.thresholdRange.lowerBound) to \(GroupContext.thresholdRange.upperBound). Below 3, two people comparing notes could work out a third person's answer"
            )
        }
        return try write { db in
            guard var group = try GroupRecord.filter(Column("name").collating(.nocase) == name).fetchOne(db) else {
                throw StoreError(.notFound, "no group \"\(name)\" in the store")
            }
            group.threshold = threshold
            try group.update(db)
            return group
        }
    }

    public func setLanguage(_ language: ParticipantLanguage, group name: String) throws(StoreError) -> GroupRecord {
        try write { db in
            guard var group = try GroupRecord.filter(Column("name").collating(.nocase) == name).fetchOne(db) else {
                throw StoreError(.notFound, "no group \"\(name)\" in the store")
            }
            group.language = language
            try group.update(db)
            return group
        }
    }

    /// Moves committed pages out of the write-ahead log and empties it, so the log holds no trace of
    /// the order in which answers were written. A reader in another process can block it: it is
    /// tried a few times, then reported (the caller retries later), never ignored.
    public func checkpoint(attempts: Int = 3) throws(StoreError) {
        guard let pool = writer as? DatabasePool else { return }  // in memory: no file, no log
        var last = ""
        for attempt in 0..<max(1, attempts) {
            if attempt > 0 { usleep(50_000) }
            do {
                let row = try pool.writeWithoutTransaction { db in try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
                let busy: Int = row?[0] ?? 1
                let log: Int = row?[1] ?? -1
                let done: Int = row?[2] ?? -2
                if busy == 0, log == done { return }
                last = "another program is reading it"
            } catch {
                last = StoreError.wrap(error, path: path).description
            }
        }
        throw StoreError(
            .inUse,
            "store \(path): could not empty its write-ahead log (\(last)); the answering order stays in \(path)-wal until it can. Convene tries again after every step, at /quit and at the next start"
        )
    }

    /// After /quit or a crash: the answers of pulses left open are written again in key order, then
    /// the log is emptied. `session` nil does every open pulse of the store (the first open after a
    /// crash, before anything else reads the file).
    public func forgetAnsweringOrder(session: Int64? = nil) throws(StoreError) {
        try write { db in try Self.rewriteOpenAnswers(session: session, db: db) }
        try checkpoint()
    }

    /// The session's web key, made on first use: it outlives a crash and goes at /end.
    public func webSecret(session: Int64) throws(StoreError) -> (key: Data, devices: Int) {
        try write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT key, devices FROM session_secret WHERE sessionId = ?", arguments: [session]) {
                return (row["key"], row["devices"])
            }
            var random = SystemRandomNumberGenerator()
            let key = withUnsafeBytes(of: (random.next(), random.next(), random.next(), random.next())) { Data($0) }
            try db.execute(sql: "INSERT INTO session_secret (sessionId, key, devices) VALUES (?, ?, 0)", arguments: [session, key])
            return (key, 0)
        }
    }

    /// The page's join code and whether the page was serving, as the facilitator left them: a
    /// resume offers the same code again. Nil before the page was first served.
    public func webDoor(session: Int64) throws(StoreError) -> (code: String, serving: Bool)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT joinCode, serving FROM session_secret WHERE sessionId = ?", arguments: [session]),
                let code = row["joinCode"] as String?
            else { return nil }
            return (code, row["serving"])
        }
    }

    public func setWebDoor(code: String, serving: Bool, session: Int64) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: "UPDATE session_secret SET joinCode = ?, serving = ? WHERE sessionId = ?", arguments: [code, serving, session])
        }
    }
}

extension AppDatabase {
    /// Activity ids on the agendas of a group's last `sessions` sessions, for the plan generator:
    /// the planned ones and those added with /add while the session ran.
    public func recentActivityIDs(groupId: Int64, sessions: Int = 3) throws(StoreError) -> Set<String> {
        try read { db in
            Set(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT activityId FROM agenda_item WHERE sessionId IN
                            (SELECT id FROM session WHERE groupId = ? ORDER BY startedAt DESC, id DESC LIMIT ?)
                        """, arguments: [groupId, sessions]))
        }
    }
}

extension AppDatabase {
    /// The groups' names, read without migrating, locking or writing anything: shell completion
    /// runs at every Tab and must never change a store (nor fail loudly on one it cannot read).
    public static func groupNames(readingOnly path: String) -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        guard FileManager.default.fileExists(atPath: path), let queue = try? DatabaseQueue(path: path, configuration: configuration) else {
            return []
        }
        return (try? queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM \"group\" ORDER BY name") }) ?? []
    }
}
