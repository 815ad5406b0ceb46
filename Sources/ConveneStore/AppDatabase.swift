import ConveneCore
import Foundation
import GRDB

/// Convene's SQLite store, over any GRDB writer: a `DatabasePool` on disk, a `DatabaseQueue` in tests.
public final class AppDatabase: @unchecked Sendable {
    let writer: any DatabaseWriter
    let path: String

    /// How many transactions this store has run, for tests that hold a step to one write (the
    /// counts are behind their own lock; everything else here is immutable).
    public struct Calls: Sendable, Equatable {
        public var writes = 0
        public var reads = 0
    }

    private let callsLock = NSLock()
    private var counted = Calls()
    public var calls: Calls { callsLock.withLock { counted } }

    public init(_ writer: any DatabaseWriter, path: String = ":memory:") throws(StoreError) {
        self.writer = writer
        self.path = path
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Opens (creating if needed) the store at `path` in WAL mode with synchronous=FULL.
    public static func open(path: String) throws(StoreError) -> AppDatabase {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw StoreError(.cannotOpen, "cannot create the folder \(folder) for the store: \(error.localizedDescription)")
            }
        }
        // Only its owner reads the store: it holds a group's notes and anonymous answers. SQLite gives
        // the -wal and -shm files the main file's mode, so the file is made 0600 before SQLite opens
        // it, and a store from before is tightened.
        let files = FileManager.default
        if !files.fileExists(atPath: path) { _ = files.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) }
        for file in [path, path + "-wal", path + "-shm"] where files.fileExists(atPath: file) {
            try? files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        }
        var config = Configuration()
        config.busyMode = .timeout(2)
        // One process, a handful of readers: fewer connections, each with its own page cache, keep
        // the REPL's memory down.
        config.maximumReaderCount = 2
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
            // GRDB sets synchronous=NORMAL for WAL, which can lose a committed transaction on power
            // loss. Every acknowledged step must survive, so the writer goes back to FULL, checked.
            // Deleted answers are overwritten, not left in free space (see `rewriteAnswers`).
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA secure_delete = ON")
                // Answers and ballots go under random keys, so a large pulse writes all over its
                // trees: with SQLite's default 2 MiB cache the writer read its pages back for every
                // batch (make bench). The cache fills only as pages are used.
                try db.execute(sql: "PRAGMA cache_size = -16384")
                let level = try Int.fetchOne(db, sql: "PRAGMA synchronous")
                guard level == 2 else {
                    throw StoreError(.failed, "store \(path): could not set synchronous=FULL (SQLite reports \(level ?? -1))")
                }
                guard try Int.fetchOne(db, sql: "PRAGMA secure_delete") == 1 else {
                    throw StoreError(.failed, "store \(path): could not set secure_delete")
                }
            }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
        return try AppDatabase(pool, path: path)
    }

    /// An empty in-memory store, for tests.
    public static func inMemory() throws(StoreError) -> AppDatabase {
        do {
            return try AppDatabase(try DatabaseQueue(), path: ":memory:")
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.wrap(error, path: ":memory:")
        }
    }

    /// The synchronous level of the writer connection (2 = FULL).
    public func synchronousLevel() throws(StoreError) -> Int {
        try write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: groups, sessions, events") { db in
            try db.create(table: "group") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique().collate(.nocase)
                t.column("threshold", .integer).notNull().defaults(to: 5)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "session") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("group", onDelete: .cascade).notNull()
                t.column("plan", .text).notNull()
                t.column("title", .text).notNull()
                t.column("startedAt", .datetime).notNull()
                t.column("endedAt", .datetime)
                t.column("status", .text).notNull().defaults(to: "open")
            }
            try db.create(index: "session_on_status", on: "session", columns: ["status"])
            // The event log: a session is rebuilt by replaying it. Payload is the JSON of a SessionEvent.
            try db.create(table: "event") { t in
                t.column("sessionId", .integer).notNull().references("session", onDelete: .cascade)
                t.column("seq", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("payload", .text).notNull()
                t.primaryKey(["sessionId", "seq"])
            }
        }
        migrator.registerMigration("v2: group memory, airtime, pulses, anonymous answers") { db in
            try db.alter(table: "session") { t in t.add(column: "headcount", .integer) }
            try db.create(table: "conflict") { t in
                t.column("groupId", .integer).notNull().references("group", onDelete: .cascade)
                t.column("number", .integer).notNull()
                t.column("text", .text).notNull()
                t.column("raisedSessionId", .integer).notNull()
                t.column("raisedAt", .datetime).notNull()
                t.column("resolvedSessionId", .integer)
                t.column("resolvedAt", .datetime)
                t.column("resolution", .text)
                t.primaryKey(["groupId", "number"])
            }
            try db.create(table: "commitment") { t in
                t.column("groupId", .integer).notNull().references("group", onDelete: .cascade)
                t.column("number", .integer).notNull()
                t.column("owner", .text).notNull()
                t.column("action", .text).notNull()
                t.column("due", .text).notNull()
                t.column("madeSessionId", .integer).notNull()
                t.column("madeAt", .datetime).notNull()
                t.column("doneSessionId", .integer)
                t.column("doneAt", .datetime)
                t.primaryKey(["groupId", "number"])
            }
            try db.create(table: "agreement") { t in
                t.column("groupId", .integer).notNull().references("group", onDelete: .cascade)
                t.column("number", .integer).notNull()
                t.column("text", .text).notNull()
                t.column("madeAt", .datetime).notNull()
                t.column("retiredAt", .datetime)
                t.primaryKey(["groupId", "number"])
            }
            try db.create(table: "airtime") { t in
                t.column("sessionId", .integer).notNull().references("session", onDelete: .cascade)
                t.column("label", .text).notNull()
                t.column("turns", .integer).notNull()
                t.primaryKey(["sessionId", "label"])
            }
            // A pulse has open and close times only; its answers live in `response`.
            try db.create(table: "pulse") { t in
                t.column("sessionId", .integer).notNull().references("session", onDelete: .cascade)
                t.column("number", .integer).notNull()
                t.column("question", .text).notNull()
                t.column("libraryId", .text)
                t.column("answer", .text).notNull()
                t.column("scaleMin", .integer)
                t.column("scaleMax", .integer)
                t.column("measures", .text)
                t.column("reverse", .boolean).notNull().defaults(to: false)
                t.column("openedAt", .datetime).notNull()
                t.column("closedAt", .datetime)
                t.primaryKey(["sessionId", "number"])
            }
            // Anonymous answers: no identity, device, address or time; a random key in a WITHOUT ROWID
            // table, so the stored order is the order of random keys, not of answering.
            try db.execute(
                sql: """
                    CREATE TABLE response (
                        key BLOB NOT NULL PRIMARY KEY,
                        sessionId INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                        pulseNumber INTEGER NOT NULL,
                        value INTEGER,
                        traffic TEXT,
                        words TEXT,
                        text TEXT,
                        comment TEXT
                    ) WITHOUT ROWID
                    """)
            try db.create(index: "response_on_pulse", on: "response", columns: ["sessionId", "pulseNumber"])
        }
        migrator.registerMigration("v3: web ballots") { db in
            // One ballot per device per pulse: a keyed hash of the device token, with no link to
            // any answer. The key lives only in the REPL's memory and is gone when the session ends.
            try db.execute(sql: "CREATE TABLE ballot (key BLOB NOT NULL PRIMARY KEY) WITHOUT ROWID")
        }
        migrator.registerMigration("v4: answers indexed by value, for trends") { db in
            try db.create(index: "response_on_pulse_value", on: "response", columns: ["sessionId", "pulseNumber", "value"])
        }
        migrator.registerMigration("v5: pulse aggregates kept at close") { db in
            // A closed pulse never takes another answer, so its count and its values per answer
            // are final when it closes: trends and signals read these instead of every answer.
            try db.alter(table: "pulse") { t in t.add(column: "answers", .integer) }
            try db.create(table: "pulse_value") { t in
                t.column("sessionId", .integer).notNull().references("session", onDelete: .cascade)
                t.column("pulseNumber", .integer).notNull()
                t.column("value", .integer).notNull()
                t.column("count", .integer).notNull()
                t.primaryKey(["sessionId", "pulseNumber", "value"])
            }
            try db.execute(
                sql: "CREATE INDEX response_with_comment ON response(sessionId, pulseNumber) WHERE comment IS NOT NULL OR text IS NOT NULL")
            try db.execute(
                sql: """
                    UPDATE pulse SET answers = (SELECT COUNT(*) FROM response r WHERE r.sessionId = pulse.sessionId AND r.pulseNumber = pulse.number)
                    WHERE closedAt IS NOT NULL
                    """)
            try db.execute(
                sql: """
                    INSERT INTO pulse_value (sessionId, pulseNumber, value, count)
                    SELECT r.sessionId, r.pulseNumber, r.value, COUNT(*) FROM response r JOIN pulse p ON p.sessionId = r.sessionId AND p.number = r.pulseNumber
                    WHERE p.closedAt IS NOT NULL AND r.value IS NOT NULL GROUP BY r.sessionId, r.pulseNumber, r.value
                    """)
        }
        migrator.registerMigration("v6: the k promised at open, the session's web key, ballots per session") { db in
            // The k a pulse was asked under is kept with it; older pulses take their group's k now.
            try db.alter(table: "pulse") { t in t.add(column: "threshold", .integer) }
            try db.execute(
                sql:
                    "UPDATE pulse SET threshold = (SELECT g.threshold FROM session s JOIN \"group\" g ON g.id = s.groupId WHERE s.id = pulse.sessionId)"
            )
            // The key behind device tokens and ballots lives as long as its session (a crash and a
            // resume keep it, so a phone that answered is still refused) and is deleted at /end.
            // `devices` counts the tokens issued, capped at the headcount.
            try db.create(table: "session_secret") { t in
                t.primaryKey("sessionId", .integer).references("session", onDelete: .cascade)
                t.column("key", .blob).notNull()
                t.column("devices", .integer).notNull().defaults(to: 0)
            }
            try db.alter(table: "ballot") { t in t.add(column: "sessionId", .integer) }
        }
        migrator.registerMigration("v7: the headcount a pulse closed with") { db in
            // A result is judged against it for good; older pulses fall back to the session's.
            try db.alter(table: "pulse") { t in t.add(column: "present", .integer) }
        }
        migrator.registerMigration("v8: the language a group's participants read") { db in
            try db.alter(table: "group") { t in t.add(column: "language", .text).notNull().defaults(to: ParticipantLanguage.en.rawValue) }
        }
        migrator.registerMigration("v9: one index fewer for every answer written") { db in
            // response_on_pulse_value starts with the same columns and serves every query this one
            // did; each answer under a random key cost a write to a random page of both.
            try db.drop(index: "response_on_pulse")
        }
        migrator.registerMigration("v10: seats, headcount by category, segmented pulses") { db in
            // The equity lens. A seat is what the room already sees (a label and its category), not
            // demographic data about a person. Categories are the group's, comma-separated.
            try db.alter(table: "group") { t in t.add(column: "categories", .text) }
            try db.create(table: "seat") { t in
                t.column("groupId", .integer).notNull().references("group", onDelete: .cascade)
                t.column("labelKey", .text).notNull()
                t.column("label", .text).notNull()
                t.column("category", .text).notNull()
                t.column("organization", .text)
                t.primaryKey(["groupId", "labelKey"])
            }
            try db.create(table: "session_category") { t in
                t.column("sessionId", .integer).notNull().references("session", onDelete: .cascade)
                t.column("category", .text).notNull()
                t.column("count", .integer).notNull()
                t.primaryKey(["sessionId", "category"])
            }
            // An answer's segment is kept only while its pulse is open; at close the results by
            // segment that the remainder rule allows are kept in pulse_segment and the answers'
            // segments are erased, so a copy of the file cannot tie an answer to a small segment.
            try db.alter(table: "response") { t in t.add(column: "segment", .text) }
            try db.alter(table: "pulse") { t in t.add(column: "segments", .text) }
            try db.create(table: "pulse_segment") { t in
                t.column("sessionId", .integer).notNull().references("session", onDelete: .cascade)
                t.column("pulseNumber", .integer).notNull()
                t.column("position", .integer).notNull()
                t.column("segment", .text).notNull()
                t.column("pooled", .boolean).notNull().defaults(to: false)
                t.column("label", .text).notNull()
                t.column("count", .integer).notNull()
                t.primaryKey(["sessionId", "pulseNumber", "position", "label"])
            }
        }
        migrator.registerMigration("v11: notes, agenda items and agreements' sessions as records") { db in
            // What the core derived from the log, saved like conflicts and commitments, so that no
            // query reads an event's payload: notes as they stand after edits, deletions and undos,
            // the agenda's items and whether each was run, and the sessions that made and retired
            // each agreement.
            try db.create(table: "note") { t in
                t.column("sessionId", .integer).notNull().references("session", onDelete: .cascade)
                t.column("number", .integer).notNull()
                t.column("item", .integer).notNull()
                t.column("text", .text).notNull()
                t.column("at", .datetime).notNull()
                t.primaryKey(["sessionId", "number"])
            }
            try db.create(table: "agenda_item") { t in
                t.column("sessionId", .integer).notNull().references("session", onDelete: .cascade)
                t.column("key", .integer).notNull()
                t.column("activityId", .text).notNull()
                t.column("position", .integer)
                t.column("run", .boolean).notNull()
                t.primaryKey(["sessionId", "key"])
            }
            try db.alter(table: "agreement") { t in
                t.add(column: "madeSessionId", .integer)
                t.add(column: "retiredSessionId", .integer)
            }
            // Stores written before: each session's log replayed by the core, once.
            for (id, groupId) in try Row.fetchAll(db, sql: "SELECT id, groupId FROM session ORDER BY startedAt, id").map({
                ($0[0] as Int64, $0[1] as Int64)
            }) {
                let state = SessionState.replay(try Self.events(of: id, db: db, path: "being upgraded"))
                for note in state.notes { try NoteRecord(note, sessionId: id).insert(db) }
                for item in AgendaItemRecord.all(state, sessionId: id) { try item.insert(db) }
                for number in state.agreementsMade {
                    try db.execute(sql: "UPDATE agreement SET madeSessionId = ? WHERE groupId = ? AND number = ?", arguments: [id, groupId, number])
                }
                for number in state.agreementsRetired {
                    try db.execute(
                        sql: "UPDATE agreement SET retiredSessionId = ? WHERE groupId = ? AND number = ?", arguments: [id, groupId, number])
                }
            }
        }
        migrator.registerMigration("v12: no segment beside an open pulse's answers; the group's segment questions") { db in
            // Segments now live in memory while a pulse is open; a store written before holds
            // them beside values and comments, so they go (secure_delete zeroes the old bytes).
            try db.execute(sql: "UPDATE response SET segment = NULL WHERE segment IS NOT NULL")
            try db.create(table: "group_segment") { t in
                t.column("groupId", .integer).notNull().references("group", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("question", .text).notNull()
                t.column("segments", .text).notNull()
                t.primaryKey(["groupId", "position"])
            }
        }
        migrator.registerMigration("v13: decisions, and how a group decides") { db in
            try db.create(table: "decision") { t in
                t.column("groupId", .integer).notNull().references("group", onDelete: .cascade)
                t.column("number", .integer).notNull()
                t.column("sessionId", .integer).notNull().references("session", onDelete: .cascade)
                t.column("status", .text).notNull()
                t.column("method", .text).notNull()
                t.column("proposal", .text).notNull()
                t.column("outcome", .text).notNull()
                t.column("review", .text)
                t.column("madeAt", .datetime).notNull()
                t.column("record", .text).notNull()
                t.primaryKey(["groupId", "number"])
            }
            try db.alter(table: "group") { t in
                t.add(column: "decisionRule", .text)
                t.add(column: "quorum", .text)
                t.add(column: "decisionsOnRecord", .boolean).notNull().defaults(to: false)
            }
            // A stance round is a pulse for the anonymity contract, but its levels are no scale
            // the trends and signals read: it is marked, and the decisions log carries it.
            try db.alter(table: "pulse") { t in t.add(column: "stance", .text) }
        }
        migrator.registerMigration("v14: each session keeps its seats' categories as they were; category renames") { db in
            // Turns and commitments count under the category a seat had in the session, so moving
            // a seat later never rewrites what was seen. A session points at a version of the roster,
            // kept once for all the sessions that met under it (10,000 sessions of one roster are one
            // copy, not 10,000). Sessions kept before this had no record of it: they keep the roster
            // as it is now, frozen from here on.
            try db.create(table: "roster_version") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("groupId", .integer).notNull().references("group", onDelete: .cascade)
            }
            try db.create(table: "roster_seat") { t in
                t.column("versionId", .integer).notNull().references("roster_version", onDelete: .cascade)
                t.column("labelKey", .text).notNull()
                t.column("label", .text).notNull()
                t.column("category", .text).notNull()
                t.primaryKey(["versionId", "labelKey"])
            }
            try db.alter(table: "session") { t in t.add(column: "rosterVersionId", .integer).references("roster_version") }
            for groupId in try Int64.fetchAll(db, sql: "SELECT DISTINCT groupId FROM session") {
                try db.execute(sql: "INSERT INTO roster_version (groupId) VALUES (?)", arguments: [groupId])
                let version = db.lastInsertedRowID
                try db.execute(
                    sql:
                        "INSERT INTO roster_seat (versionId, labelKey, label, category) SELECT ?, labelKey, label, category FROM seat WHERE groupId = ?",
                    arguments: [version, groupId])
                try db.execute(sql: "UPDATE session SET rosterVersionId = ? WHERE groupId = ?", arguments: [version, groupId])
            }
            // A rename is one event: the past is read under the new name, with its counts unchanged.
            try db.create(table: "category_rename") { t in
                t.column("groupId", .integer).notNull().references("group", onDelete: .cascade)
                t.column("fromName", .text).notNull()
                t.column("toName", .text).notNull()
                t.column("at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v15: a group's stable id on the network") { db in
            // A network table is bound to the group it first published by this id, not by its name:
            // a rename keeps the binding, and another laptop's group of the same name is not taken
            // for it. Random, so two laptops never make the same one.
            try db.alter(table: "group") { t in t.add(column: "networkId", .text) }
            try db.execute(sql: "UPDATE \"group\" SET networkId = lower(hex(randomblob(16))) WHERE networkId IS NULL")
        }
        migrator.registerMigration("v16: the join code survives a stop; segment history by index") { db in
            // A session that had the page on comes back with the same code after /quit or a crash,
            // so the QR code on the wall still works. Deleted with the web key at /end.
            try db.alter(table: "session_secret") { t in
                t.add(column: "joinCode", .text)
                t.add(column: "serving", .boolean).notNull().defaults(to: false)
            }
            // A session's context reads the group's segmented pulses: only those rows, by index.
            try db.execute(sql: "CREATE INDEX pulse_with_segments ON pulse(sessionId) WHERE segments IS NOT NULL")
        }
        return migrator
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        callsLock.withLock { counted.writes += 1 }
        do {
            return try writer.write(body)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        callsLock.withLock { counted.reads += 1 }
        do {
            return try writer.read(body)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    // MARK: - Groups and sessions

    public func groups() throws(StoreError) -> [GroupRecord] {
        try read { db in try GroupRecord.order(Column("name").collating(.nocase)).fetchAll(db) }
    }

    public func group(named name: String) throws(StoreError) -> GroupRecord? {
        try read { db in try GroupRecord.filter(Column("name").collating(.nocase) == name).fetchOne(db) }
    }

    public func createGroup(named name: String, at date: Date) throws(StoreError) -> GroupRecord {
        try createGroup(named: name, at: date, language: .en)
    }

    /// The group of that name, or a new one with this pass-round language (an existing group keeps its own).
    public func createGroup(named name: String, at date: Date, language: ParticipantLanguage) throws(StoreError) -> GroupRecord {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw StoreError(.failed, "a group needs a name") }
        return try write { db in
            if let existing = try GroupRecord.filter(Column("name").collating(.nocase) == trimmed).fetchOne(db) { return existing }
            var group = GroupRecord(name: trimmed, createdAt: date, language: language)
            try group.insert(db)
            return group
        }
    }

    public func createSession(group: GroupRecord, events: [SessionEvent]) throws(StoreError) -> SessionRecord {
        guard let groupId = group.id, case .started(_, let plan, let title, _)? = events.first?.change, let at = events.first?.at else {
            throw StoreError(.failed, "a session starts with a started event of a stored group")
        }
        return try write { db in
            var session = SessionRecord(groupId: groupId, plan: plan, title: title, startedAt: at)
            try session.insert(db)
            let state = SessionState.replay(events, context: try Self.context(session: session.id!, db: db))
            try Self.insert(events, into: session.id!, seals: [], db: db)
            try Self.save(state, after: events, session: session.id!, db: db)
            return session
        }
    }

    /// Appends events and saves what the core derived from them, in one transaction: `state` is
    /// the core's state after the events, and `seals` what each pulse they close keeps.
    public func append(_ events: [SessionEvent], to session: Int64, state: SessionState, seals: [PulseSeal] = []) throws(StoreError) {
        guard !events.isEmpty else { return }
        try write { db in
            try Self.insert(events, into: session, seals: seals, db: db)
            try Self.save(state, after: events, session: session, db: db)
        }
    }

    static func insert(_ events: [SessionEvent], into session: Int64, seals: [PulseSeal], db: Database) throws {
        var seq = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM event WHERE sessionId = ?", arguments: [session]) ?? 0
        let statement = try db.cachedStatement(sql: "INSERT INTO event (sessionId, seq, kind, payload) VALUES (?, ?, ?, ?)")
        for event in events {
            seq += 1
            let payload = String(decoding: try encoder.encode(event), as: UTF8.self)
            try statement.execute(arguments: [session, seq, event.kind, payload])
            try project(event, session: session, seals: seals, db: db)
        }
    }

    /// A session's log, for the core to replay: the store hands it back, it never reads it.
    public func events(of session: Int64) throws(StoreError) -> [SessionEvent] {
        try read { db in try Self.events(of: session, db: db, path: path) }
    }

    static func events(of session: Int64, db: Database, path: String) throws -> [SessionEvent] {
        let rows = try String.fetchAll(db, sql: "SELECT payload FROM event WHERE sessionId = ? ORDER BY seq", arguments: [session])
        let decoder = JSONDecoder()
        var events: [SessionEvent] = []
        events.reserveCapacity(rows.count)
        for (index, payload) in rows.enumerated() {
            do {
                events.append(try decoder.decode(SessionEvent.self, from: Data(payload.utf8)))
            } catch {
                throw StoreError(.corrupt, "store \(path): event \(index + 1) of session \(session) cannot be read (written by a newer convene?)")
            }
        }
        return events
    }

    public func session(id: Int64) throws(StoreError) -> SessionRecord? {
        try read { db in try SessionRecord.fetchOne(db, key: id) }
    }

    public func sessions(groupId: Int64?) throws(StoreError) -> [SessionListing] {
        try listings(where: groupId.map { "s.groupId = \($0)" })
    }

    /// How many sessions a group has, and its latest, without listing them all.
    public func sessionSummary(groupId: Int64) throws(StoreError) -> (count: Int, latest: Int64?) {
        try read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS count, (SELECT id FROM session WHERE groupId = ? ORDER BY startedAt DESC, id DESC LIMIT 1) AS latest
                    FROM session WHERE groupId = ?
                    """, arguments: [groupId, groupId])
            return (row?["count"] ?? 0, row?["latest"])
        }
    }

    /// The group of the most recent session, without listing them all.
    public func latestGroup() throws(StoreError) -> GroupRecord? {
        try read { db in
            try GroupRecord.fetchOne(
                db,
                sql: """
                    SELECT g.* FROM "group" g JOIN session s ON s.groupId = g.id ORDER BY s.startedAt DESC, s.id DESC LIMIT 1
                    """)
        }
    }

    public func openSessions() throws(StoreError) -> [SessionListing] {
        try listings(where: "s.status = 'open'").reversed()
    }

    func listings(where condition: String?) throws(StoreError) -> [SessionListing] {
        try read { db in
            // The number within the group counts every session of the group, whatever the filter.
            let sql = """
                SELECT s.*, g.name AS groupName,
                       (SELECT COUNT(*) FROM note WHERE note.sessionId = s.id) AS notes,
                       n.number
                FROM session s JOIN "group" g ON g.id = s.groupId
                JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY groupId ORDER BY startedAt, id) AS number FROM session) n ON n.id = s.id
                \(condition.map { "WHERE \($0)" } ?? "")
                ORDER BY s.startedAt, s.id
                """
            return try Row.fetchAll(db, sql: sql).map { row in
                SessionListing(session: try SessionRecord(row: row), groupName: row["groupName"], notes: row["notes"], number: row["number"])
            }
        }
    }
}
