import ConveneCore
import ConveneTerminal
import Foundation
import GRDB
import Testing

@testable import ConveneSession
@testable import ConveneStore

/// Segmented pulses, attacked as someone with a copy of the store file would: an answer must not
/// stay tied to a segment once its pulse is closed, and what the remainder rule hides stays hidden
/// in the store, in a resumed session and in the group's history.
@Suite struct SegmentAnonymityTests {
    /// Two okapis (a segment under k), six zebrafish and five quokkas, on a store on disk.
    func segmentedRound(_ folder: Harness.Folder) throws -> (AppDatabase, LiveSession) {
        let store = try AppDatabase.open(path: folder.store)
        let live = try Harness.start(store)
        _ = try live.perform(.present(13))
        _ = try live.perform(
            .pulse(
                .segmented(
                    .library(id: "trust-at-this-table"), by: .own(question: "Which animal are you?", options: ["Zebrafish", "Okapi", "Quokka"]))))
        let answers =
            Array(repeating: PulseAnswer(value: 5, segment: "Zebrafish"), count: 6)
            + Array(repeating: PulseAnswer(value: 1, segment: "Quokka"), count: 5)
            + Array(repeating: PulseAnswer(value: 2, segment: "Okapi"), count: 2)
        for answer in answers { try live.submit(answer, pulse: 1) }
        return (store, live)
    }

    @Test func aClosedPulseLeavesNoAnswerTiedToItsSegmentInTheFile() throws {
        let folder = Harness.Folder()
        let (store, live) = try segmentedRound(folder)
        // While the pulse is open, no answer row names its segment: the segments live in memory.
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM response WHERE segment IS NOT NULL") } == 0)
        let inPayloads = 2  // the pulse-opened event and the pulse's row both hold the question's options
        _ = try live.perform(.close)
        try store.checkpoint()
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM response WHERE segment IS NOT NULL") } == 0)
        // Okapi had 2 answers, under k: it is hidden, and with it the smallest shown segment
        // (Quokka), pooled as other; its name is in no result row and no answer row.
        let kept = try store.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT segment FROM pulse_segment") }
        #expect(!kept.contains("Okapi") && kept.contains(SegmentBreakdown.otherLabel) && kept.count == 2, "\(kept)")
        #expect(Harness.offsets(of: "Okapi", in: Harness.rawBytes(folder.store)).count == inPayloads, "a segment name is left beside an answer")
    }

    @Test func theResultBySegmentIsTheSameInTheReplAResumeAndTheHistory() throws {
        let folder = Harness.Folder()
        let (store, live) = try segmentedRound(folder)
        let reply = try live.perform(.close)
        let shown = reply.output.map(\.text).joined(separator: "\n")
        #expect(shown.contains("By segment: Which animal are you?"))
        #expect(shown.contains("other (pooled)") && !shown.contains("Okapi "))
        let inMemory = try #require(PulseResult(pulse: live.state.pulses[0], threshold: 5, present: 13).segments)
        let reloaded = try LiveSession.load(store: store, sessionID: live.sessionID)
        #expect(reloaded.pulses[0].answers.allSatisfy { $0.segment == nil })
        #expect(PulseResult(pulse: reloaded.pulses[0], threshold: 5, present: 13).segments == inMemory)
        let history = try store.history(groupId: try #require(try store.session(id: live.sessionID)?.groupId))
        #expect(history.sessions.last?.pulses.first?.segments == inMemory)
        // The pooled row is exactly the total less the shown segment: 7 answers, mean (5·1 + 2·2)/7 or (5·5 + 2·2)/7.
        #expect(inMemory.rows.count == 1 && inMemory.other?.count == 7)
    }

    @Test func aSegmentedPassRoundAsksTheSegmentFirstAndKeepsItWithTheAnswerOnly() throws {
        let store = try AppDatabase.inMemory()
        let live = try Harness.start(store)
        var lines = ["/seat Ana resident", "/present 6", "/pulse trust-at-this-table --by category --force", "/pass", "bluebird"]
        // Six people: a choice, then an answer; one types a choice that does not exist first.
        lines += ["9", "1", "4 fine"] + ["2", "3"] + ["1", "5"] + ["7", "2"] + ["1", "4"] + ["1", "3"] + ["bluebird", "/close"]
        let (outcome, output, reader) = live.repl(lines)
        #expect(outcome == .done && output.errors.isEmpty, "\(output.errors)")
        #expect(output.text.contains("Which best describes your seat at this table?"))
        #expect(output.text.contains("Please type a number from 1 to 7."))
        // Residents (choice 1) answered 4 times: shown; the other two (grassroots 1, prefer not 1)
        // would be one remainder of 2 under k = 5, so residents are hidden with them: nothing by segment.
        #expect(output.text.contains("No segment reaches 5 answers in a way that keeps the others hidden"))
        #expect(reader.participantReaders >= 12)
    }
}
