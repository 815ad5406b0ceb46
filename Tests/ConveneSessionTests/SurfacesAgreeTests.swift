import CSV
import ConveneCore
import ConveneNetwork
import ConveneStore
import Foundation
import Testing

@testable import ConveneSession

/// Every surface tells the same story (issue 27). Random groups play random sessions through
/// `LiveSession` (notes, edits, deletes, undos, plan changes, pulses above and below k with answers
/// from the pass round and from phones, segments, headcount changes, conflicts, commitments,
/// agreements, k changed between sessions, sessions killed and resumed, a last session left open),
/// then every surface is built from the store as its command builds it:
///
/// - `sessions show --format json`: `SessionSummary(state: LiveSession.load(...)).json()`, decoded;
/// - `sessions list`: `store.sessions(groupId:)`;
/// - `convene export` (JSON and CSV): `ExportDocument(history: store.history(groupId:, details: true))`;
/// - `convene trends`: `Trends(history: store.history(groupId:))`;
/// - `convene publish`: `NetworkPublication(history: store.history(groupId:), networkK: 3)` (the
///   network's k at its floor, so the group's k decides, as it does on every local surface);
/// - and the REPL's own summary at `/end` (or at the kill), from the state in memory.
///
/// Facts that two surfaces both carry must be equal. A disagreement is reported once per fact with
/// the seed, the session and the script of the first group it was seen in:
/// `CONVENE_SURFACES_SEED=<seed> CONVENE_SURFACES_GROUPS=1 swift test --filter SurfacesAgreeTests`
/// replays that group alone.
@Suite struct SurfacesAgreeTests {
    static let environment = ProcessInfo.processInfo.environment
    static let baseSeed: UInt64 = environment["CONVENE_SURFACES_SEED"].flatMap { UInt64($0) } ?? 27_000
    static let minimumSessions = environment["CONVENE_SURFACES_GROUPS"] == nil ? 200 : 1
    static let maximumGroups = environment["CONVENE_SURFACES_GROUPS"].flatMap { Int($0) } ?? .max

    @Test func everySurfaceTellsTheSameStory() throws {
        var findings = Findings()
        var sessions = 0
        var groups = 0
        var pulses = 0
        var kills = 0
        let started = Date()
        while sessions < Self.minimumSessions && groups < Self.maximumGroups {
            let seed = Self.baseSeed &+ UInt64(groups)
            let group = try RandomGroup(seed: seed)
            try group.play()
            try SurfaceComparison(group).compare(into: &findings)
            sessions += group.sessions.count
            pulses += group.sessions.reduce(0) { $0 + $1.final.pulses.count }
            kills += group.kills
            groups += 1
        }
        print(
            "SurfacesAgreeTests: \(sessions) sessions in \(groups) groups (seeds \(Self.baseSeed)…\(Self.baseSeed &+ UInt64(groups - 1))), "
                + "\(pulses) pulses, \(kills) kills, \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        #expect(sessions >= Self.minimumSessions)
        for fact in findings.facts {
            let examples = findings.examples[fact]!
            #expect(examples.isEmpty, "\(fact): \(findings.counts[fact]!) disagreements. First: \(examples[0])\n\(findings.scripts[fact]!)")
        }
    }
}

// MARK: - Disagreements

/// Disagreements by fact: how many, the first few, and the script of the group of the first one.
struct Findings {
    var facts: [String] = []
    var counts: [String: Int] = [:]
    var examples: [String: [String]] = [:]
    var scripts: [String: String] = [:]

    mutating func record(_ fact: String, _ detail: String, script: @autoclosure () -> String) {
        if counts[fact] == nil {
            facts.append(fact)
            scripts[fact] = script()
        }
        counts[fact, default: 0] += 1
        if examples[fact, default: []].count < 3 { examples[fact, default: []].append(detail) }
    }
}

// MARK: - Random sessions

/// A little generator with the helpers the script needs; SplitMix64 underneath, so a seed replays.
struct Dice {
    var generator: SeededGenerator
    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &generator) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
    /// An index by weight.
    mutating func weighted(_ weights: [Int]) -> Int {
        var roll = int(0...weights.reduce(0, +) - 1)
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }
}

/// A clock that moves a minute a reading, and a few days between sessions.
final class SteppedClock: @unchecked Sendable {
    private var now: Date
    private let lock = NSLock()
    init(_ start: Date) { now = start }
    func tick() -> Date {
        lock.withLock {
            now += 60
            return now
        }
    }
    func skip(days: Int) { lock.withLock { now += Double(days) * 86_400 } }
}

/// One group's random history, played through `LiveSession` on an in-memory store.
final class RandomGroup {
    struct PlayedSession {
        var id: Int64
        /// The REPL's state when the facilitator last had it: at `/end`, or at the kill that left it open.
        var final: SessionState
    }

    let seed: UInt64
    var dice: Dice
    let store: AppDatabase
    let clock: SteppedClock
    let library = Harness.library
    let facilitator = Harness.facilitator
    var group: GroupRecord
    var sessions: [PlayedSession] = []
    var kills = 0
    /// Every line typed and every answer given, with what was refused: printed with a disagreement.
    var script: [String] = []
    private var live: LiveSession!
    private var noteCounter = 0
    private var phone = 0

    static let labels = ["Ana", "Boris", "United Way", "Eastside Tenants", "Chidi", "Parent 3", "luis"]
    static let roster: [(label: String, category: String)] = [
        ("Ana", "resident"), ("Boris", "grassroots"), ("United Way", "funder"), ("Eastside Tenants", "grassroots"), ("Chidi", "nonprofit"),
    ]
    static let words = ["trust", "slow", "hopeful", "and", "tired", "ours", "but", "clear", "busy"]
    static let phrases = [
        "we need the budget", "a | pipe, and commas", "“quoted” words", "café ✓ señal", "the data belongs to the tenants", "  spaced  ", "same words",
        "same words",
    ]
    static let pulses = [
        "/pulse trust-at-this-table", "/pulse decided-before-we-arrived", "/pulse worth-your-time", "/checkout", "/checkin", "/pulse arrival-weather",
        "/pulse three-words-for-this-group", "/pulse what-went-unsaid", "/pulse \"How clear is the plan?\" --scale 1-7",
        "/pulse \"Ready?\" --traffic",
        "/pulse trust-at-this-table --by category", "/pulse arrival-weather --by category", "/pulse carried-by-a-few --by category",
        "/pulse we-own-this-work --by \"Which animal are you?\" Zebrafish,Okapi,Quokka", "/pulse",
    ]

    init(seed: UInt64) throws {
        self.seed = seed
        dice = Dice(seed: seed)
        store = try AppDatabase.inMemory()
        clock = SteppedClock(Harness.t0 + Double(seed % 1000) * 3600)
        group = try store.createGroup(named: "Group \(seed)", at: Harness.t0)
        let k = dice.int(3...6)
        if k != group.threshold { group = try store.setThreshold(k, group: group.name) }
        script.append("group seed \(seed), k \(k)")
    }

    /// Two to six sessions; between them the group's k may change; the last may be left open.
    func play() throws {
        let count = dice.int(2...6)
        for index in 0..<count {
            if index > 0, dice.chance(0.3) {
                let k = dice.int(3...6)
                group = try store.setThreshold(k, group: group.name)
                script.append("-- group k set to \(k)")
            }
            clock.skip(days: dice.int(1...30))
            try playSession(last: index == count - 1)
        }
    }

    func playSession(last: Bool) throws {
        let planName = dice.pick(library.plans.keys.sorted())
        let (started, _) = try LiveSession.start(
            plan: library.plans[planName]!, group: group, store: store, facilitator: facilitator, clock: { [clock] in clock.tick() })
        live = started
        script.append("== session \(started.sessionID) (\(planName))")
        if dice.chance(0.85) { run("/present \(dice.int(2...12))") }
        let steps = dice.int(12...45)
        let killAt = dice.chance(0.3) ? dice.int(0...steps) : -1
        for step in 0..<steps {
            if step == killAt { try killAndResume() }
            try randomStep()
        }
        // The end: /end, or (for the group's last session) a kill that leaves it open.
        if last, dice.chance(0.2) {
            script.append("-- killed (left open)")
            kills += 1
        } else {
            if dice.chance(0.15) { try killAndResume() }
            run("/end")
        }
        sessions.append(PlayedSession(id: live.sessionID, final: live.state))
        live = nil
    }

    /// The process goes away without /quit or /end; a new one resumes the session from the store.
    func killAndResume() throws {
        let id = live.sessionID
        live = nil
        kills += 1
        script.append("-- killed and resumed")
        live = try LiveSession.resume(sessionID: id, store: store, facilitator: facilitator, clock: { [clock] in clock.tick() }).0
    }

    /// Performs a line as the REPL would; a refusal is kept in the script (and a store failure is a bug).
    func run(_ line: String) {
        do {
            _ = try live.perform(line: line)
            script.append(line)
        } catch {
            script.append("\(line)    ↳ \(error.kind == .store ? "STORE FAILURE" : "refused"): \(error.message)")
        }
    }

    func text() -> String {
        noteCounter += 1
        return "\(dice.pick(Self.phrases)) \(noteCounter)"
    }

    func randomStep() throws {
        let state = live.state
        let notes = state.notes.map(\.number) + [state.notesTaken + 1]
        let agendaSize = max(1, state.agenda.count)
        switch dice.weighted([14, 4, 4, 6, 3, 2, 2, 2, 2, 2, 3, 2, 3, 2, 2, 2, 5, 2, 2, 8, 3, 1]) {
        case 0: run(dice.chance(0.7) ? "note \(text())" : "/note \(text())")
        case 1: run("/edit \(dice.pick(notes)) edited \(text())")
        case 2: run("/delete \(dice.pick(notes))")
        case 3: run("/undo")
        case 4: run("/next")
        case 5: run("/back")
        case 6: run("/goto \(dice.int(1...agendaSize))")
        case 7: run("/skip")
        case 8: run("/drop \(dice.int(1...agendaSize))")
        case 9:
            run(
                "/add \(dice.pick(["things-i-suck-at", "trust-at-this-table", "small-wins-popcorn"]))\(dice.chance(0.5) ? " at \(dice.int(1...agendaSize + 1))" : "")"
            )
        case 10: run("/conflict \(text())")
        case 11:
            let open = state.context.openConflicts.map(\.number)
            run("/resolve \(open.isEmpty ? 1 : dice.pick(open))\(dice.chance(0.6) ? " \(text())" : "")")
        case 12:
            run(
                "/commit \(dice.pick(["Ana", "Luis (Eastside)", "United Way", "Boris"])): \(text())\(dice.pick(["", " by +2w", " by next-session", " by +3d"]))"
            )
        case 13:
            let open = state.context.openCommitments.map(\.number)
            run("/done \(open.isEmpty ? 1 : dice.pick(open))")
        case 14: run("/agree \(text())")
        case 15:
            let active = state.context.activeAgreements.map(\.number)
            run("/retire \(active.isEmpty ? 1 : dice.pick(active))")
        case 16: run("/spoke \(dice.pick(Self.labels))")
        case 17:
            let seat = dice.pick(Self.roster)
            run("/seat \"\(seat.label)\" \(seat.category)")
        case 18:
            switch dice.int(0...2) {
            case 0: run("/present \(dice.int(1...12))")
            case 1: run("/present resident=\(dice.int(0...4)) grassroots=\(dice.int(1...4)) funder=\(dice.int(0...3))")
            default: run("/here " + Self.roster.filter { _ in dice.chance(0.7) }.map { "\"\($0.label)\"" }.joined(separator: " "))
            }
        case 19: try pulseRound()
        case 20: run("/close")
        default: run(dice.pick(["/signals", "/trends", "/results", "/notes", "/timer +2"]))
        }
    }

    /// Opens a pulse (or finds one open), takes answers from the pass round and phones, maybe
    /// changes the headcount, and usually closes it.
    func pulseRound() throws {
        if live.state.openPulse == nil { run(dice.pick(Self.pulses)) }
        guard let pulse = live.state.openPulse else { return }
        let present = live.state.headcount ?? 0
        // Around k, and sometimes more than the room holds (those are refused).
        let wanted = dice.int(0...present + 2)
        var ballots: [AppDatabase.Ballot] = []
        var given: [String] = []
        for _ in 0..<wanted {
            let answer = randomAnswer(pulse.question)
            if dice.chance(0.5) {
                do {
                    try live.submit(answer, pulse: pulse.number)
                    given.append("pass:\(Self.describe(answer))")
                } catch {
                    given.append("pass:\(Self.describe(answer))[\(error.kind == .store ? "STORE FAILURE" : "refused")]")
                }
            } else {
                phone += 1
                ballots.append(AppDatabase.Ballot(answer: answer, key: Data("s\(seed)-phone\(phone)".utf8), pulse: pulse.number))
                // A phone that answers twice.
                if dice.chance(0.1) {
                    ballots.append(
                        AppDatabase.Ballot(answer: randomAnswer(pulse.question), key: Data("s\(seed)-phone\(phone)".utf8), pulse: pulse.number))
                }
            }
        }
        if !ballots.isEmpty {
            if dice.chance(0.5) { _ = try? live.webSecret() }
            do {
                let results = try live.commitWeb(joins: dice.int(0...2), ballots: ballots).results
                given += zip(ballots, results).map { "web:\(Self.describe($0.answer))[\($1)]" }
            } catch {
                given.append("web: STORE FAILURE \(error.message)")
            }
        }
        script.append("   answers to pulse \(pulse.number): \(given.joined(separator: ", "))")
        if dice.chance(0.2) { run("/present \(dice.int(1...12))") }
        if dice.chance(0.8) { run(dice.chance(0.5) ? "/close" : "/close --force") }
    }

    func randomAnswer(_ question: PulseQuestion) -> PulseAnswer {
        let comment = dice.chance(0.4) ? dice.pick(Self.phrases) : nil
        var answer: PulseAnswer
        switch question.answer {
        case .scale:
            let scale = question.scale ?? .init(min: 1, max: 5, lowLabel: "", highLabel: "")
            answer = PulseAnswer(value: dice.int(scale.min...scale.max), comment: comment)
        case .traffic:
            answer = PulseAnswer(traffic: dice.pick(PulseAnswer.Traffic.allCases), comment: comment)
        case .words:
            answer = PulseAnswer(words: (0..<dice.int(1...3)).map { _ in dice.pick(Self.words) })
        case .text:
            answer = PulseAnswer(text: dice.pick(Self.phrases))
        }
        if let segments = question.segments {
            // Skewed, so that some segments reach k and some do not; now and then one not offered.
            let choices = segments.choices
            answer.segment =
                dice.chance(0.03)
                ? "not offered" : choices[min(choices.count - 1, dice.weighted([6, 4, 2, 1, 1, 1, 1, 1].prefix(choices.count).map { $0 }))]
        }
        return answer
    }

    static func describe(_ answer: PulseAnswer) -> String {
        var parts: [String] = []
        if let value = answer.value { parts.append(String(value)) }
        if let traffic = answer.traffic { parts.append(traffic.rawValue) }
        if let words = answer.words { parts.append(words.joined(separator: " ")) }
        if let text = answer.text { parts.append("“\(text)”") }
        if let comment = answer.comment { parts.append("“\(comment)”") }
        if let segment = answer.segment { parts.append("@\(segment)") }
        return parts.joined(separator: " ")
    }
}

// MARK: - The surfaces, fact by fact

/// Builds every surface of one played group from the store and holds them to each other.
struct SurfaceComparison {
    let group: RandomGroup

    init(_ group: RandomGroup) { self.group = group }

    func compare(into findings: inout Findings) throws {
        let store = group.store
        let library = group.library
        let groupRecord = try #require(try store.group(named: group.group.name))
        let groupId = try #require(groupRecord.id)
        let k = groupRecord.threshold
        // As each command builds them.
        let history = try store.history(groupId: groupId)
        let detailed = try store.history(groupId: groupId, details: true)
        let export = ExportDocument(history: detailed)
        // The CSV as the command writes it, read back by an independent parser.
        let reader = try CSVReader(string: export.csv(trends: Trends(history: detailed)), hasHeaderRow: true)
        var csv: [[String]] = []
        while let row = reader.next() { csv.append(row) }
        let trends = Trends(history: history, library: library)
        let publication = NetworkPublication(history: history, library: library, networkK: GroupContext.thresholdRange.lowerBound, comments: true)
        let listings = try store.sessions(groupId: groupId)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601

        func disagree(_ fact: String, _ session: Int64?, _ detail: String) {
            let place = session.map { "session \($0)" } ?? "group"
            findings.record(
                fact, "seed \(group.seed), \(place): \(detail)", script: "script of seed \(group.seed):\n" + group.script.joined(separator: "\n"))
        }
        func same<T: Equatable>(_ fact: String, _ session: Int64?, _ a: T, _ b: T, _ names: String) {
            if a != b { disagree(fact, session, "\(names): \(a) ≠ \(b)") }
        }
        func close(_ a: Double?, _ b: Double?) -> Bool {
            switch (a, b) {
            case (nil, nil): true
            case (let x?, let y?): abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
            default: false
            }
        }

        same("the sessions: listed, exported, trended and published", nil, export.sessions.map(\.id), group.sessions.map(\.id), "export vs played")
        same(
            "the sessions: listed, exported, trended and published", nil, listings.map { $0.session.id! }, group.sessions.map(\.id),
            "sessions list vs played")
        same(
            "the sessions: listed, exported, trended and published", nil, trends.headcount.points.map(\.session), group.sessions.map(\.id),
            "trends vs played")
        same(
            "the sessions: listed, exported, trended and published", nil, publication.sessions.map(\.sessionID), group.sessions.map(\.id),
            "publish vs played")
        guard export.sessions.count == group.sessions.count, trends.headcount.points.count == group.sessions.count,
            publication.sessions.count == group.sessions.count, listings.count == group.sessions.count
        else { return }

        for (index, played) in group.sessions.enumerated() {
            let id = played.id
            // `sessions show ID --format json`, read back as a tool would.
            let loaded = try LiveSession.load(store: store, sessionID: id)
            let shown = try decoder.decode(
                SessionSummary.Document.self, from: Data(try SessionSummary(state: loaded, library: library, id: id).json().utf8))
            // What the REPL showed at /end, judged under the group's k now (a k raised since hides more, by design).
            var replState = played.final
            replState.context.threshold = k
            let repl = SessionSummary(state: replState, library: library, id: id).document
            let exported = export.sessions[index]
            let listing = listings[index]
            let published = publication.sessions[index]

            // The session itself.
            same(
                "session number and status", id, [shown.number, exported.number, listing.number], [index + 1, index + 1, index + 1],
                "show, export, list numbers")
            same("session number and status", id, shown.status, listing.session.status.rawValue, "show vs list status")
            same("session number and status", id, shown.status, repl.status, "show vs REPL status")

            // Notes: in the order taken, after edits, deletes and undos.
            let shownNotes = (shown.agenda + shown.dropped).flatMap(\.notes)
            same("notes: export vs the REPL's /notes (order taken)", id, exported.notes, played.final.notes.map(\.text), "export vs REPL")
            same("notes: sessions show vs export", id, shownNotes.sorted(), exported.notes.sorted(), "show (all agenda items) vs export")
            same("notes: sessions show vs the REPL's summary, item by item", id, shown.agenda.map(\.notes), repl.agenda.map(\.notes), "show vs REPL")
            same("notes: count in sessions list", id, listing.notes, exported.notes.count, "sessions list count vs export notes")
            let csvNotes: [String] = csv.filter { (row: [String]) in row[0] == "note" && row[1] == String(id) }.map { (row: [String]) in row[8] }
            same("notes: export CSV vs export JSON", id, csvNotes, exported.notes, "CSV vs JSON")
            same("taken back: sessions show vs REPL", id, shown.takenBack, repl.takenBack, "show vs REPL")

            // Headcount.
            same("headcount", id, shown.headcount, exported.headcount, "show vs export")
            same("headcount", id, shown.headcount, published.headcount, "show vs publish")
            same("headcount", id, shown.headcount.map(Double.init), trends.headcount.points[index].value, "show vs trends")
            same("headcount", id, shown.headcount, repl.headcount, "show vs REPL")
            same("headcount by category", id, shown.headcountByCategory, exported.headcountByCategory, "show vs export")
            same(
                "headcount by category", id, shown.headcountByCategory ?? [],
                publication.headcounts.filter { $0.sessionID == id }.map { CategoryCount(category: $0.category, count: $0.present) },
                "show vs publish")

            // Airtime.
            let shownTurns = (shown.airtime?.rows ?? []).map { "\($0.label)=\($0.turns)" }.sorted()
            same("airtime", id, shownTurns, exported.airtime.map { "\($0.label)=\($0.turns)" }.sorted(), "show vs export turns")
            same("airtime", id, shownTurns, (repl.airtime?.rows ?? []).map { "\($0.label)=\($0.turns)" }.sorted(), "show vs REPL turns")
            same("airtime", id, shown.airtime?.total ?? 0, trends.airtimeGini.points[index].n, "show total vs trends n")
            same("airtime", id, shown.airtime?.total, published.airtimeTurns, "show total vs publish turns")
            let shownGini = (shown.airtime?.rows.count ?? 0) >= 2 ? shown.airtime?.gini : nil
            for (name, other) in [
                ("export", exported.airtimeGini), ("trends", trends.airtimeGini.points[index].value), ("publish", published.airtimeGini),
            ] where !close(shownGini, other) {
                disagree("airtime Gini", id, "show \(String(describing: shownGini)) vs \(name) \(String(describing: other))")
            }
            if !history.roster.isEmpty {
                let shownByCategory = shown.airtimeByCategory?.counts ?? []
                same("airtime by category", id, shownByCategory, exported.turnsByCategory?.counts ?? [], "show vs export")
                same(
                    "airtime by category", id, shownByCategory.filter { $0.count > 0 },
                    publication.airtime.filter { $0.sessionID == id }.map { CategoryCount(category: $0.category, count: $0.turns) }.filter {
                        $0.count > 0
                    }, "show vs publish")
            }

            // Conflicts.
            let raisedHere = export.conflicts.filter { $0.raisedSession == id }
            same(
                "conflicts raised", id, shown.conflictsRaised.map { "\($0.number). \($0.text)" }, raisedHere.map { "\($0.number). \($0.text)" },
                "show vs export")
            same("conflicts raised", id, shown.conflictsRaised.count, exported.conflictsRaised, "show vs export session count")
            same("conflicts raised", id, shown.conflictsRaised.count, published.conflictsRaised, "show vs publish session count")
            same("conflicts raised", id, shown.conflictsRaised, repl.conflictsRaised, "show vs REPL")
            same(
                "conflicts raised", id,
                publication.conflicts.filter { $0.sessionID == id }.map { "\($0.number) \($0.state) \(String(describing: $0.resolvedSessionID))" },
                raisedHere.map { "\($0.number) \($0.resolvedSession == nil ? "open" : "resolved") \(String(describing: $0.resolvedSession))" },
                "publish vs export")
            // The summary lists them in the order resolved, the export by number: the same set.
            same(
                "conflicts resolved", id, shown.conflictsResolved.map(\.number).sorted(),
                export.conflicts.filter { $0.resolvedSession == id }.map(\.number), "show vs export")
            same("conflicts resolved", id, shown.conflictsResolved, repl.conflictsResolved, "show vs REPL")
            if Double(shown.conflictsOpen.count) != trends.conflictsOpen.points[index].value {
                disagree(
                    "conflicts open at the session's end: sessions show vs trends", id,
                    "show \(shown.conflictsOpen.map(\.number)) open vs trends \(String(describing: trends.conflictsOpen.points[index].value)); export's conflicts (number raised→resolved): "
                        + export.conflicts.map { "\($0.number) \($0.raisedSession)→\($0.resolvedSession.map(String.init) ?? "open")" }.joined(
                            separator: ", "))
            }
            same(
                "conflicts open at the session's end: sessions show vs the REPL's summary", id, shown.conflictsOpen, repl.conflictsOpen,
                "show vs REPL")

            // Commitments.
            let madeHere = export.commitments.filter { $0.madeSession == id }
            same(
                "commitments made", id, shown.commitmentsMade.map { "\($0.number). \($0.owner): \($0.action) (\($0.due))" },
                madeHere.map { "\($0.number). \($0.owner): \($0.action) (\($0.due.label))" }, "show vs export")
            same(
                "commitments made", id,
                publication.commitments.filter { $0.sessionID == id }.map { "\($0.number) \($0.state) \(String(describing: $0.doneSessionID))" },
                madeHere.map { "\($0.number) \($0.doneSession == nil ? "open" : "done") \(String(describing: $0.doneSession))" }, "publish vs export")
            same("commitments made: sessions show vs the REPL's summary (with done)", id, shown.commitmentsMade, repl.commitmentsMade, "show vs REPL")
            same(
                "commitments done", id, shown.commitmentsDone.map(\.number).sorted(),
                export.commitments.filter { $0.doneSession == id }.map(\.number), "show vs export")
            same("commitments done", id, shown.commitmentsDone.map(\.number), repl.commitmentsDone.map(\.number), "show vs REPL")
            same("commitments carried: sessions show vs the REPL's summary", id, shown.commitmentsCarried, repl.commitmentsCarried, "show vs REPL")

            // Working agreements: the last session's are the group's now.
            if index == group.sessions.count - 1 {
                same(
                    "agreements in force", id, shown.agreements,
                    export.agreements.filter { $0.retired == nil }.sorted { $0.number < $1.number }.map(\.text), "show vs export")
            }
            same("agreements in force: sessions show vs the REPL's summary", id, shown.agreements, repl.agreements, "show vs REPL")

            // Pulses.
            comparePulses(id: id, shown: shown, repl: repl, exported: exported, k: k, disagree: disagree, close: close)
        }

        // Publish and trends: every revealed pulse, and nothing else.
        for (index, played) in group.sessions.enumerated() {
            let id = played.id
            let exported = export.sessions[index]
            let revealed = exported.pulses.filter(\.revealed)
            let sent = publication.pulses.filter { $0.sessionID == id }
            same("pulses published: exactly the revealed ones", id, sent.map(\.number), revealed.map(\.number), "publish vs export revealed")
            for (pulse, out) in zip(revealed, sent) where pulse.number == out.number {
                same("pulse count", id, out.n, pulse.count, "publish n vs export count (pulse \(pulse.number))")
                if !close(out.mean, pulse.answer == .scale ? pulse.mean : nil) {
                    disagree(
                        "pulse statistics", id,
                        "pulse \(pulse.number): publish mean \(String(describing: out.mean)) vs export \(String(describing: pulse.mean))")
                }
                if !close(out.sd, pulse.answer == .scale ? pulse.standardDeviation : nil) {
                    disagree(
                        "pulse statistics", id,
                        "pulse \(pulse.number): publish sd \(String(describing: out.sd)) vs export \(String(describing: pulse.standardDeviation))")
                }
                if pulse.answer == .scale {
                    same("pulse distribution", id, out.histogram, Self.histogram(pulse), "publish vs export values (pulse \(pulse.number))")
                }
                same(
                    "pulse comments", id, out.comments, (pulse.comments ?? []).isEmpty ? nil : pulse.comments!.sorted(),
                    "publish vs export (pulse \(pulse.number), sorted)")
                let rows = pulse.segments.map { $0.rows.map { ($0, false) } + ($0.other.map { [($0, true)] } ?? []) } ?? []
                let sentSegments = publication.segments.filter { $0.sessionID == id && $0.number == pulse.number }
                same(
                    "pulse segments: publish vs export", id, sentSegments.map { "\($0.segment) n=\($0.n) pooled=\($0.pooled) \($0.histogram)" },
                    rows.map { "\($0.0.segment) n=\($0.0.count) pooled=\($0.1) \($0.0.distribution)" }, "publish vs export (pulse \(pulse.number))")
            }
            // Trends: each measure's mean of the revealed scale pulses (1–5, reverse turned round), n, and below-threshold marks.
            for series in trends.measures {
                let asked = exported.pulses.filter { $0.answer == .scale && $0.measures?.rawValue == series.name }
                let values = asked.filter(\.revealed).flatMap { pulse in
                    (pulse.values ?? []).map { raw -> Double in
                        let low = pulse.scaleMin ?? 1
                        let high = pulse.scaleMax ?? 5
                        return 1 + 4 * Double((pulse.reverse ? low + high - raw : raw) - low) / Double(high - low)
                    }
                }
                let point = series.points[index]
                let expected: (Double?, Int, Bool) =
                    asked.isEmpty
                    ? (nil, 0, false)
                    : values.isEmpty
                        ? (nil, asked.reduce(0) { $0 + $1.count }, true) : (values.reduce(0, +) / Double(values.count), values.count, false)
                if !close(point.value, expected.0) || point.n != expected.1 || point.belowThreshold != expected.2 {
                    disagree(
                        "trends: a measure's mean, n and below-threshold mark vs the export's pulses", id,
                        "\(series.name): trends (\(String(describing: point.value)), n \(point.n), below \(point.belowThreshold)) vs export (\(String(describing: expected.0)), n \(expected.1), below \(expected.2))"
                    )
                }
            }
            let segmentedHere = trends.segmented.filter { $0.session == id }.map(\.breakdown)
            same("pulse segments: trends vs export", id, segmentedHere, exported.pulses.compactMap(\.segments), "trends vs export")
        }
    }

    /// `sessions show` against the export and the REPL, pulse by pulse.
    func comparePulses(
        id: Int64, shown: SessionSummary.Document, repl: SessionSummary.Document, exported: ExportDocument.Session, k: Int,
        disagree: (String, Int64?, String) -> Void, close: (Double?, Double?) -> Bool
    ) {
        if shown.pulses.map(\.number) != exported.pulses.map(\.number) {
            disagree("pulses: the same pulses", id, "show \(shown.pulses.map(\.number)) vs export \(exported.pulses.map(\.number))")
            return
        }
        if shown.pulses != repl.pulses {
            for (a, b) in zip(shown.pulses, repl.pulses) where a != b {
                let fields = zip(Mirror(reflecting: a).children, Mirror(reflecting: b).children).filter { "\($0.0.value)" != "\($0.1.value)" }
                disagree(
                    "pulses: sessions show vs the REPL's result (\(fields.map { $0.0.label ?? "?" }.joined(separator: ", ")))", id,
                    "pulse \(a.number): " + fields.map { "\($0.0.label ?? "?"): show \($0.0.value) vs REPL \($0.1.value)" }.joined(separator: "; "))
            }
        }
        for (mine, theirs) in zip(shown.pulses, exported.pulses) {
            let n = mine.number
            if mine.count != theirs.count { disagree("pulse count", id, "pulse \(n): show \(mine.count) vs export \(theirs.count)") }
            if mine.closed != theirs.closed { disagree("pulse closed", id, "pulse \(n): show \(mine.closed) vs export \(theirs.closed)") }
            if mine.revealed != theirs.revealed {
                disagree(
                    "pulse revealed", id,
                    "pulse \(n): show \(mine.revealed) vs export \(theirs.revealed) (count \(mine.count), k \(mine.threshold), present \(String(describing: mine.present)))"
                )
                continue
            }
            if mine.question != theirs.question { disagree("pulse question", id, "pulse \(n): \(mine.question) vs \(theirs.question)") }
            // Nothing of a pulse below k, anywhere.
            if !mine.revealed {
                if mine.mean != nil || mine.distribution != nil || mine.comments != nil || mine.texts != nil || mine.segments != nil {
                    disagree("pulse below k shows nothing", id, "pulse \(n): sessions show shows \(mine)")
                }
                if theirs.mean != nil || theirs.values != nil || theirs.comments != nil || theirs.segments != nil || theirs.counts != nil {
                    disagree("pulse below k shows nothing", id, "pulse \(n): export shows \(theirs)")
                }
                continue
            }
            if mine.count < k || mine.count < mine.threshold || mine.present.map({ mine.count > $0 }) == true {
                disagree(
                    "pulse revealed under k or over the headcount", id,
                    "pulse \(n): \(mine.count) answers, k \(mine.threshold) (group \(k)), present \(String(describing: mine.present))")
            }
            for (name, a, b) in [
                ("mean", mine.mean, theirs.mean), ("median", mine.median, theirs.median), ("sd", mine.standardDeviation, theirs.standardDeviation),
            ] where !close(a, b) {
                disagree("pulse statistics", id, "pulse \(n) \(name): show \(String(describing: a)) vs export \(String(describing: b))")
            }
            switch mine.answer {
            case .scale:
                let values = theirs.values ?? []
                let counted = (mine.distribution ?? []).map { bar in
                    PulseResult.Bar(label: bar.label, count: values.filter { String($0) == bar.label }.count)
                }
                if counted != mine.distribution || values.count != mine.count {
                    disagree("pulse distribution", id, "pulse \(n): show \(String(describing: mine.distribution)) vs export values \(values)")
                }
            case .traffic, .words:
                if mine.distribution != theirs.counts {
                    disagree(
                        "pulse distribution", id,
                        "pulse \(n): show \(String(describing: mine.distribution)) vs export counts \(String(describing: theirs.counts))")
                }
            case .text:
                break
            }
            let shownComments = (mine.answer == .text ? mine.texts : mine.comments) ?? []
            if shownComments != theirs.comments ?? [] {
                disagree("pulse comments, in the same order", id, "pulse \(n): show \(shownComments) vs export \(theirs.comments ?? [])")
            }
            if mine.segments != theirs.segments {
                disagree(
                    "pulse segments: sessions show vs export", id,
                    "pulse \(n): show \(String(describing: mine.segments)) vs export \(String(describing: theirs.segments))")
            }
            if let segments = mine.segments {
                let rows = segments.rows + (segments.other.map { [$0] } ?? [])
                if let small = rows.first(where: { $0.count < mine.threshold }) {
                    disagree(
                        "pulse segments shown under k", id,
                        "pulse \(n): segment \(small.segment) with \(small.count) answers shown under k \(mine.threshold)")
                }
            }
        }
    }

    /// A revealed scale pulse's histogram from its exported values, as publish builds it.
    static func histogram(_ pulse: ExportDocument.Pulse) -> [PulseResult.Bar]? {
        guard let low = pulse.scaleMin, let high = pulse.scaleMax, high >= low, let values = pulse.values, !values.isEmpty else { return nil }
        return (low...high).map { v in PulseResult.Bar(label: "\(v)", count: values.filter { $0 == v }.count) }
    }
}
