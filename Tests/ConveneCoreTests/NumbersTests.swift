import Foundation
import Testing

@testable import ConveneCore

/// Small rules that keep numbers and words agreeing on every surface: plurals, filler words,
/// a commitment's due session, a conflict's age, group names close to each other, /skip's time.
@Suite struct NumbersTests {
    let facilitator = Facilitator(library: Fixtures.library, clock: .utc)

    @Test func pluralsAgreeWithTheirCount() {
        #expect(Plural.count(1, "answer") == "1 answer")
        #expect(Plural.count(0, "answer") == "0 answers")
        #expect(Plural.count(2, "activity", "activities") == "2 activities")
        #expect(Plural.count(1, "activity", "activities") == "1 activity")
        let pulse = PulseState(
            number: 1, question: PulseQuestion(text: "Q", answer: .scale, scale: .init(min: 1, max: 5, lowLabel: "", highLabel: "")),
            openedAt: Fixtures.t0,
            threshold: 5, answers: [PulseAnswer(value: 3)])
        #expect(PulseResult(pulse: pulse, threshold: 5).countText == "1 answer")
    }

    @Test func wordPulsesLeaveOutEnglishAndSpanishFillerWords() {
        let counts = PulseResult.wordCounts(["honest", "but", "tired", "y", "honest", "pero", "the", "and,", "cansado", "honest"])
        #expect(counts.map(\.label) == ["honest", "cansado", "tired"])
        #expect(counts.map(\.count) == [3, 1, 1])
        for filler in ["but", "and", "the", "y", "pero", "que", "de", "um", "But,"] { #expect(FillerWords.contains(filler), "\(filler)") }
        for word in ["honest", "tense", "ours", "cansado", "confianza"] { #expect(!FillerWords.contains(word), "\(word)") }
        #expect(TermExtractor.terms("pero the funding y the county") == ["funding", "county"])
    }

    @Test func aNextSessionCommitmentFallsDueAndThenIsOverdue() throws {
        func status(_ sessionsOpen: Int, session: Int) throws -> String {
            let commitment = Commitment(
                number: 1, owner: "Ana", action: "send it", due: .nextSession, madeAt: Fixtures.t0, sessionsOpen: sessionsOpen)
            let context = GroupContext(sessionNumber: session, commitments: [commitment])
            let state = try facilitator.start(plan: Fixtures.library.plans["short"]!, group: "G", context: context, at: Fixtures.t0).state
            let status = facilitator.dueStatus(commitment, state: state, now: Fixtures.t0)
            return status.text + (status.late ? " (late)" : "")
        }
        #expect(try status(1, session: 3) == "due next session")
        #expect(try status(2, session: 4) == "due this session (late)")
        #expect(try status(3, session: 5) == "overdue since session 4, carried 2 sessions (late)")
        #expect(try status(7, session: 9) == "overdue since session 4, carried 6 sessions (late)")
    }

    @Test func aConflictsAgeIsCountedOneWay() {
        #expect(SessionAge.sessionsOpen(from: 0, to: 0) == 1)
        #expect(SessionAge.sessionsOpen(from: 2, to: 9) == 8)
        #expect(SessionAge.conflictText(1) == "raised this session")
        #expect(SessionAge.conflictText(8) == "open for 8 sessions")
        #expect(!SessionAge.isAging(3) && SessionAge.isAging(4), "still open after 3 sessions: 3 held since the one it was raised in")
        // The signal says what the REPL says about the same conflict.
        let sessions = (0..<8).map {
            GroupHistory.Session(id: Int64($0 + 1), date: Fixtures.t0.addingTimeInterval(Double($0) * 86_400 * 30), title: "S\($0 + 1)")
        }
        let history = GroupHistory(group: "G", sessions: sessions, conflicts: [.init(number: 1, text: "who holds the data", raisedSession: 1)])
        let signal = SignalDetector(library: Fixtures.library, clock: .utc).signals(history).first { $0.id == .conflictAging }
        #expect(signal?.evidence.first?.hasSuffix("open for 8 sessions.") == true, "\(signal?.evidence ?? [])")
    }

    @Test func groupNamesCloseToAnotherAreFound() {
        let names = ["Early Literacy Coalition", "Coalición de Lectura", "Ops"]
        #expect(GroupNameMatch.nearest(to: "Early Litercy Coalition", among: names) == "Early Literacy Coalition")
        #expect(GroupNameMatch.nearest(to: "early literacy  coalition", among: names) == "Early Literacy Coalition")
        #expect(GroupNameMatch.nearest(to: "Coalicion de lectura", among: names) == "Coalición de Lectura")
        #expect(GroupNameMatch.nearest(to: "Early Literacy Coalition", among: names) == nil, "the same name is not a near-duplicate")
        #expect(GroupNameMatch.nearest(to: "EARLY LITERACY COALITION", among: names) == nil)
        #expect(GroupNameMatch.nearest(to: "Housing Table", among: names) == nil)
        #expect(GroupNameMatch.nearest(to: "Dev", among: names) == nil, "short names need more than two letters in common")
        #expect(GroupNameMatch.nearest(to: "Eraly Litearcy Coalition", among: names) == nil, "four edits apart")
    }

    @Test func skippingSaysHowLongItTook() {
        #expect(Facilitator.timeSpent(120, skipped: true) == " · skipped after 2 min")
        #expect(Facilitator.timeSpent(0, skipped: true) == " · skipped")
        #expect(Facilitator.timeSpent(120, skipped: false) == " · 2 min spent")
        #expect(Facilitator.timeSpent(0, skipped: false) == "")
    }
}
