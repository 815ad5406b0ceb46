import ConveneCore
import ConveneTerminal
import Foundation
import GRDB
import Testing

@testable import ConveneSession
@testable import ConveneStore

/// DESIGN.md's anonymity rules, each written as the attack that broke it (issue 12's findings).
@Suite struct AnonymityContractTests {
    /// Eight answers in seating order through the pass round's door, on a store on disk.
    func roundInSeatOrder(_ folder: Harness.Folder) throws -> (AppDatabase, LiveSession) {
        let store = try AppDatabase.open(path: folder.store)
        let live = try Harness.start(store)
        _ = try live.perform(.present(8))
        _ = try live.perform(.pulse(.library(id: "trust-at-this-table")))
        for seat in Harness.seats { try live.submit(PulseAnswer(value: 3, comment: seat), pulse: 1) }
        return (store, live)
    }

    func expectKeyOrderOnly(_ store: AppDatabase, _ live: LiveSession, _ folder: Harness.Folder, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let byKey = try Harness.keyOrder(store, session: live.sessionID)
        let inFile = Harness.fileOrder(Harness.seats, store: folder.store)
        #expect(inFile != nil, "an answer is in the file more than once, or not at all", sourceLocation: sourceLocation)
        #expect(inFile == byKey || inFile == byKey.reversed(), "file order \(inFile ?? []), key order \(byKey)", sourceLocation: sourceLocation)
        #expect(inFile != Harness.seats, "the file keeps the seating order", sourceLocation: sourceLocation)
    }

    // Finding 2: a pulse left open at /quit kept the answering order in the file's pages.
    @Test func quittingWithAnOpenPulseLeavesOnlyKeyOrder() throws {
        let folder = Harness.Folder()
        let (store, live) = try roundInSeatOrder(folder)
        let reply = try live.perform(.quit)
        #expect(reply.leave)
        #expect(live.leave().isEmpty)
        try expectKeyOrderOnly(store, live, folder)
    }

    // Finding 2: after a kill -9 mid-round, the next open (even a read command's) copied the log into
    // the file in seat order. The copy below is the files as a killed process leaves them.
    @Test func theFirstOpenAfterACrashLeavesOnlyKeyOrder() throws {
        let folder = Harness.Folder()
        let crashed = Harness.Folder()
        let (_, live) = try roundInSeatOrder(folder)
        for suffix in ["", "-wal"] {
            try FileManager.default.copyItem(atPath: folder.store + suffix, toPath: crashed.store + suffix)
        }
        // The attack needs the log in seat order to begin with: each commit wrote the page again.
        let before = Harness.rawBytes(crashed.store)
        let firstSeen = Harness.seats.map { Harness.offsets(of: $0, in: before).first ?? -1 }
        #expect(firstSeen == firstSeen.sorted() && !firstSeen.contains(-1))
        let reopened = try AppDatabase.open(path: crashed.store)
        try reopened.forgetAnsweringOrder()
        try expectKeyOrderOnly(reopened, live, crashed)
    }

    // Finding 2: at /close a checkpoint blocked by another reader was silently ignored.
    @Test func aBlockedCheckpointIsReportedAndRetried() throws {
        let folder = Harness.Folder()
        let (store, live) = try roundInSeatOrder(folder)
        // Another program holds a read transaction that began before the close.
        let reader = try DatabaseQueue(path: folder.store)
        let blocking = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread {
            try? reader.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM response")
                blocking.signal()
                release.wait()
            }
            done.signal()
        }.start()
        blocking.wait()
        let closed = try live.perform(.close)
        let text = closed.output.map(\.text).joined(separator: "\n")
        #expect(text.contains("could not empty its write-ahead log"))
        release.signal()
        done.wait()
        let next = try live.perform(.agenda)
        #expect(next.output.map(\.text).joined().contains("write-ahead log is emptied now"))
        try expectKeyOrderOnly(store, live, folder)
    }

    // Findings 2 and 7: /end with a pulse open discarded its result without a word and kept the order.
    @Test func endingWithAnOpenPulseClosesItAndSaysSo() throws {
        let folder = Harness.Folder()
        let (store, live) = try roundInSeatOrder(folder)
        let (outcome, output, _) = live.repl(["/end"])
        #expect(outcome == .done)
        #expect(output.text.contains("Pulse 1 was still open: it is closed with the session (8 answers)"))
        #expect(output.text.contains("8 answers from 8 present · mean 3.00"))
        #expect(live.state.pulses[0].isClosed && live.state.isEnded)
        try expectKeyOrderOnly(store, live, folder)
    }

    // Finding 7, at a terminal: /end asks first, and "no" keeps the session going.
    @Test func atATerminalEndAsksBeforeClosingAnOpenPulse() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        _ = try live.perform(.present(5))
        _ = try live.perform(.pulse(.checkin))
        let (_, output, reader) = live.repl(["/end", "n", "/agenda", "/end", "y"], interactive: true)
        #expect(reader.prompts.contains { $0.contains("Pulse 1 is still open (0 answers; closing it now shows nothing, only the count is kept)") })
        #expect(output.text.contains("The session goes on"))
        #expect(live.state.isEnded && live.state.pulses[0].isClosed)
    }

    // Finding 3: a 4-answer pulse asked under k = 7 was revealed after the group set k = 3.
    @Test func lateringTheThresholdRevealsNothingAskedUnderAHigherOne() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        try store.setThreshold(7, group: "Reading Coalition")
        // The session's context was read at start: a new session sees k = 7.
        let group = try #require(try store.group(named: "Reading Coalition"))
        _ = try live.perform(.end(out: nil))
        let clock = Harness.Clock()
        let (second, _) = try LiveSession.start(
            plan: Harness.library.plans["monthly-steering"]!, group: group, store: store, facilitator: Harness.facilitator,
            clock: { clock.tick() + 86_400 })
        _ = try second.perform(.present(6))
        _ = try second.perform(.pulse(.library(id: "trust-at-this-table")))
        for value in [1, 2, 4, 5] { try second.submit(PulseAnswer(value: value, comment: "secret \(value)"), pulse: 1) }
        _ = try second.perform(.close)
        _ = try second.perform(.end(out: nil))
        try store.setThreshold(3, group: "Reading Coalition")
        let history = try store.history(groupId: group.id!)
        let pulse = try #require(history.sessions.last?.pulses.first)
        #expect(pulse.threshold == 7 && pulse.values.isEmpty && pulse.comments.isEmpty)
        let document = ExportDocument(history: history)
        #expect(document.sessions.last?.pulses.first?.revealed == false)
        let summary = SessionSummary(state: try LiveSession.load(store: store, sessionID: second.sessionID), library: Harness.library).markdown()
        #expect(!summary.contains("secret") && summary.contains("Below the threshold of 7"))
    }

    // Finding 5: a /pass that could not start let the close word and an answer become notes.
    @Test func aPassThatCannotStartNeverTurnsTheNextLinesIntoNotes() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        let (_, output, reader) = live.repl(["/pass", "bluebird", "2 I do not trust the district", "/agenda", "a real note"], interactive: true)
        #expect(output.errors.contains("no pulse is open"))
        #expect(output.text.components(separatedBy: "Not kept").count == 3)
        #expect(!output.text.contains("I do not trust"))
        #expect(live.state.notes.map(\.text) == ["a real note"])
        #expect(try store.events(of: live.sessionID).allSatisfy { !"\($0)".contains("bluebird") && !"\($0)".contains("district") })
        #expect(reader.prompts.count == 6)
    }

    // Finding 8: /close built its result from memory before the close was committed; an answer
    // committed in between was counted by the store and not on screen. Answers from the keyboard and
    // from phones both go through the session, so the close is decided from memory, in one write.
    @Test func closeReportsExactlyWhatWasCommittedInOneTransaction() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        _ = try live.perform(.present(6))
        _ = try live.perform(.pulse(.library(id: "trust-at-this-table")))
        for value in [3, 3, 4, 4, 5] { try live.submit(PulseAnswer(value: value), pulse: 1) }
        _ = try live.webSecret()
        let ballot = AppDatabase.Ballot(answer: PulseAnswer(value: 1), key: Data("phone".utf8), pulse: 1)
        #expect(try live.commitWeb(joins: 1, ballots: [ballot]).results == [.accepted])
        let calls = store.calls
        let text = try live.perform(.close).output.map(\.text).joined(separator: "\n")
        #expect(store.calls.writes - calls.writes == 1, "one /close, one transaction")
        #expect(store.calls.reads == calls.reads, "a close reads nothing back")
        let stored = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT answers FROM pulse WHERE sessionId = ? AND number = 1", arguments: [live.sessionID])
        }
        #expect(stored == 6)
        #expect(text.contains("6 answers from 6 present · mean 3.33"))
        // The page's snapshot moved with the close, with no terminal reading the state.
        #expect(live.room.open == nil)
    }

    // Finding 1, the keyboard's side: a pulse takes no more answers than people present.
    @Test func thePassRoundStopsAtTheHeadcount() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        _ = try live.perform(.pulse(.library(id: "trust-at-this-table")))
        #expect(throws: SessionError.self) { try live.perform(.pass) }
        _ = try live.perform(.present(2))
        let (_, output, _) = live.repl(["/pass", "bluebird", "4", "5", "2", "bluebird", "/close"], interactive: false)
        #expect(output.text.contains("everyone present has answered"))
        #expect(output.text.contains("Round closed: 2 answers in this round"))
        #expect(live.state.pulses[0].count == 2)
        #expect(try store.closedCounts(session: live.sessionID)[1] == 2)
    }

    // Finding 4's terminal part: the close word is read without echo and each participant gets a
    // reader of their own (in a script the pipe serves them all). The pty check covers the keys.
    @Test func thePassRoundReadsTheCloseWordSecretlyAndGivesEachPersonAnEditor() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        _ = try live.perform(.present(3))
        _ = try live.perform(.pulse(.library(id: "trust-at-this-table")))
        let (_, output, reader) = live.repl(["/pass", "bluebird", "4 first", "", "2 second", "", "bluebird"], interactive: true)
        // Every prompt of the round is read without echo (issue 26), the close word's and the participants'.
        #expect(
            reader.secretPrompts == ["close word> "] + ["your answer> ", "next person: press Enter> "] + [
                "your answer> ", "next person: press Enter> ",
            ]
                + ["your answer> "])
        #expect(reader.participantReaders >= 3)
        #expect(output.text.components(separatedBy: "Saved, anonymously").count == 3)
        #expect(!output.text.contains("bluebird"))
    }

    // Issue 26: the close word is never echoed, wherever in the round the facilitator types it, and
    // it ends the round there. The reader shows what readLine reads, as a terminal would.
    @Test(arguments: ["answer", "next person", "segment choice"])
    func theCloseWordIsNeverEchoedWhereverItIsTyped(at prompt: String) throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        var lines = ["/present 4"]
        switch prompt {
        case "answer": lines += ["/pulse trust-at-this-table", "/pass", "bluebird", "4 first", "", "bluebird"]
        // Before the fix the next person's prompt ignored the word: the second one closed at the answer.
        case "next person": lines += ["/pulse trust-at-this-table", "/pass", "bluebird", "4 first", "bluebird", "bluebird"]
        default:
            lines += ["/seat Ana resident", "/pulse trust-at-this-table --by category --force", "/pass", "bluebird", "1", "4 first", "", "bluebird"]
        }
        let (_, output, reader) = live.repl(lines, interactive: true, echo: true)
        let round = try #require(output.text.components(separatedBy: "Round closed").first)
        #expect(output.text.contains("Round closed: 1 answer in this round"), "\(output.text)")
        #expect(!round.contains("bluebird"), "\(round)")
        #expect(live.state.pulses[0].count == 1)
        #expect(!reader.prompts.contains { $0.contains("your") || $0.contains("next person") }, "\(reader.prompts)")
        // The whole round runs with the echo off, so a key typed between two prompts is not shown either.
        #expect(reader.loudPrompts.isEmpty, "\(reader.loudPrompts)")
    }

    // "n answers from N present" in every result.
    @Test func resultsSayHowManyWerePresent() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        _ = try live.perform(.present(7))
        _ = try live.perform(.pulse(.library(id: "trust-at-this-table")))
        for value in [1, 2, 3, 4, 5] { try live.submit(PulseAnswer(value: value), pulse: 1) }
        #expect(Prompt.text(for: live.state, now: Harness.t0).contains("pulse 1: 5 of 7"))
        let text = try live.perform(.close).output.map(\.text).joined()
        #expect(text.contains("5 answers from 7 present"))
        let summary = SessionSummary(state: live.state, library: Harness.library).markdown()
        #expect(summary.contains("5 answers from 7 present"))
    }

    // The core makes no random numbers: comments come in the answers' key order, so the Markdown
    // and the JSON of one session (and every later read) show them in the same order.
    @Test func markdownAndJSONShowCommentsInTheSameOrder() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        _ = try live.perform(.present(8))
        _ = try live.perform(.pulse(.library(id: "trust-at-this-table")))
        for seat in Harness.seats { try live.submit(PulseAnswer(value: 4, comment: seat), pulse: 1) }
        _ = try live.perform(.close)
        let summary = SessionSummary(state: try LiveSession.load(store: store, sessionID: live.sessionID), library: Harness.library)
        let markdown = summary.markdown()
        let json = try summary.json()
        func order(_ text: String) -> [String] {
            Harness.seats.map { (text.range(of: $0)!.lowerBound, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let byKey = try Harness.keyOrder(store, session: live.sessionID)
        #expect(order(markdown) == byKey && order(json) == byKey)
        #expect(live.state.pulses[0].answers.compactMap(\.comment) == byKey)
        #expect(byKey != Harness.seats)
    }

    // Red team F1: a pulse hidden at close for "more answers than people" was revealed everywhere
    // once the headcount was raised again. The headcount at close is kept with the pulse.
    @Test func raisingTheHeadcountAfterCloseRevealsNothing() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        _ = try live.perform(.present(10))
        _ = try live.perform(.pulse(.library(id: "trust-at-this-table")))
        for seat in Harness.seats.prefix(6) { try live.submit(PulseAnswer(value: 5, comment: seat), pulse: 1) }
        _ = try live.perform(.present(3))
        let closed = try live.perform(.close).output.map(\.text).joined()
        #expect(closed.contains("6 answers from 3 present: more answers than people"))
        _ = try live.perform(.present(10))
        let ended = try live.perform(.end(out: nil)).output.map(\.text).joined(separator: "\n")
        #expect(!ended.contains("seat-") && !ended.contains("mean"))
        let group = try #require(try store.group(named: "Reading Coalition"))
        let history = try store.history(groupId: group.id!)
        #expect(history.sessions[0].pulses[0].present == 3 && history.sessions[0].pulses[0].values.isEmpty)
        #expect(ExportDocument(history: history).sessions[0].pulses[0].revealed == false)
        let summary = SessionSummary(state: try LiveSession.load(store: store, sessionID: live.sessionID), library: Harness.library).markdown()
        #expect(summary.contains("6 answers from 3 present") && !summary.contains("seat-"))
    }

    // Red team F2: a closed pulse that can never be shown kept its answers in the file. Only the
    // count stays; the answers are deleted (and zeroed) at close.
    @Test func aPulseThatCanNeverBeShownKeepsOnlyItsCount() throws {
        let folder = Harness.Folder()
        let store = try AppDatabase.open(path: folder.store)
        let live = try Harness.start(store)
        _ = try live.perform(.present(3))
        _ = try live.perform(.pulse(.library(id: "trust-at-this-table")))
        try live.submit(PulseAnswer(value: 4, comment: "hello-from-the-only-answer"), pulse: 1)
        _ = try live.perform(.close)
        _ = try live.perform(.end(out: nil))
        #expect(try store.answerCount(session: live.sessionID, pulse: 1) == 0)
        #expect(Harness.offsets(of: "hello-from-the-only-answer", in: Harness.rawBytes(folder.store)).isEmpty)
        let values = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pulse_value") }
        #expect(values == 0)
        // The count is still told, everywhere.
        let reloaded = try LiveSession.load(store: store, sessionID: live.sessionID)
        #expect(reloaded.pulses[0].count == 1)
        #expect(SessionSummary(state: reloaded, library: Harness.library).markdown().contains("1 answer from 3 present"))
        #expect(live.state.pulses[0].count == 1 && live.state.pulses[0].answers.isEmpty)
    }
}
