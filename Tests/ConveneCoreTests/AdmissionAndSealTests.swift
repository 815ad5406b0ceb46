import ConveneCore
import Foundation
import Testing

/// The core's two pulse rules as pure functions: which answers enter a pulse, and what a closing
/// pulse keeps. Every branch, with no store.
@Suite struct AdmissionAndSealTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let scale = PulseQuestion(text: "Trust?", answer: .scale, scale: .init(min: 1, max: 5, lowLabel: "low", highLabel: "high"))
    var segmented: PulseQuestion {
        var question = scale
        question.segments = PulseSegments(question: "Where do you work?", options: ["County", "Schools"], byCategory: false)
        return question
    }

    /// A session with pulse 1 open under `k`, `present` people counted, and `answers` answers in.
    func state(_ question: PulseQuestion? = nil, present: Int? = 5, k: Int = 3, answers: [PulseAnswer] = []) -> SessionState {
        var state = SessionState(context: GroupContext(threshold: k))
        state.apply(
            SessionEvent(
                at: t0, .started(group: "G", plan: "p", title: "P", agenda: [AgendaItem(key: 1, activityID: "a", title: "A", plannedMinutes: 5)])))
        if let present { state.apply(SessionEvent(at: t0, .present(count: present))) }
        state.apply(SessionEvent(at: t0, .pulseOpened(number: 1, question: question ?? scale, threshold: k)))
        state.record(answers.enumerated().map { (key: Data([UInt8($0.offset)]), answer: $0.element) }, pulse: 1)
        return state
    }

    @Test func anOpenPulseWithRoomAdmits() {
        #expect(Admission.decide(PulseAnswer(value: 3), pulse: 1, in: state()) == .admitted)
    }

    @Test func aClosedOrUnknownPulseOrAnEndedSessionRefuses() {
        var closed = state()
        closed.apply(SessionEvent(at: t0 + 1, .pulseClosed(number: 1)))
        #expect(Admission.decide(PulseAnswer(value: 3), pulse: 1, in: closed) == .notOpen(pulse: 1))
        #expect(Admission.decide(PulseAnswer(value: 3), pulse: 2, in: state()) == .notOpen(pulse: 2))
        var ended = state()
        ended.apply(SessionEvent(at: t0 + 1, .ended))
        #expect(Admission.decide(PulseAnswer(value: 3), pulse: 1, in: ended) == .notOpen(pulse: 1))
        #expect(Admission.decide(PulseAnswer(value: 3), pulse: 1, in: ended).ballotResult == .closed)
    }

    @Test func noHeadcountNoAnswerAndNoPhone() {
        let uncounted = state(present: nil)
        #expect(Admission.decide(PulseAnswer(value: 3), pulse: 1, in: uncounted) == .noHeadcount)
        #expect(Admission.decide(PulseAnswer(value: 3), pulse: 1, in: uncounted).refusal?.message.contains("/present N") == true)
        #expect(Admission.devices(requested: 3, holding: 0, in: uncounted) == 0)
    }

    @Test func aFullRoomRefusesAndABatchCountsItsOwnAdmissions() {
        let full = state(present: 2, answers: [PulseAnswer(value: 1), PulseAnswer(value: 2)])
        #expect(Admission.decide(PulseAnswer(value: 3), pulse: 1, in: full) == .full(pulse: 1, answers: 2, present: 2))
        #expect(Admission.decide(PulseAnswer(value: 3), pulse: 1, in: full).refusal?.message.contains("the room is full") == true)
        let oneLeft = state(present: 3, answers: [PulseAnswer(value: 1), PulseAnswer(value: 2)])
        let batch = Admission.decide([(1, PulseAnswer(value: 4)), (1, PulseAnswer(value: 5)), (2, PulseAnswer(value: 5))], in: oneLeft)
        #expect(batch == [.admitted, .full(pulse: 1, answers: 3, present: 3), .notOpen(pulse: 2)])
        #expect(batch.map(\.ballotResult) == [.accepted, .full, .closed])
    }

    @Test func aSegmentMustBeOneThePulseOffers() {
        let open = state(segmented)
        #expect(Admission.decide(PulseAnswer(value: 3, segment: "County"), pulse: 1, in: open) == .admitted)
        #expect(Admission.decide(PulseAnswer(value: 3, segment: PulseSegments.preferNot), pulse: 1, in: open) == .admitted)
        #expect(Admission.decide(PulseAnswer(value: 3, segment: "Parents"), pulse: 1, in: open) == .segmentNotOffered(pulse: 1))
        #expect(Admission.decide(PulseAnswer(value: 3), pulse: 1, in: open) == .segmentNotOffered(pulse: 1))
        #expect(Admission.decide(PulseAnswer(value: 3, segment: "County"), pulse: 1, in: state()) == .segmentNotOffered(pulse: 1))
        #expect(Admission.decide(PulseAnswer(value: 3, segment: "Parents"), pulse: 1, in: open).ballotResult == .refused)
    }

    @Test func phonesAreCappedAtTheHeadcount() {
        #expect(Admission.devices(requested: 3, holding: 0, in: state(present: 5)) == 3)
        #expect(Admission.devices(requested: 3, holding: 4, in: state(present: 5)) == 1)
        #expect(Admission.devices(requested: 3, holding: 7, in: state(present: 5)) == 0)
    }

    // MARK: - The seal

    func closing(_ state: SessionState, groupK: Int? = nil) -> (SessionState, PulseSeal?) {
        var state = state
        if let groupK { state.context.threshold = groupK }
        let seal = state.applySealing(SessionEvent(at: t0 + 60, .pulseClosed(number: 1)))
        return (state, seal)
    }

    @Test func atOrAboveKTheAnswersAreKeptWithTheirValues() {
        let (after, seal) = closing(state(k: 3, answers: [3, 4, 4].map { PulseAnswer(value: $0) }))
        #expect(seal?.keep == true)
        #expect(seal?.count == 3)
        #expect(seal?.present == 5)
        #expect(seal?.values == [3: 1, 4: 2])
        #expect(after.pulses[0].answers.count == 3)
        #expect(after.pulses[0].withheld == 0)
    }

    @Test func belowKOnlyTheCountIsKept() {
        let (after, seal) = closing(state(k: 3, answers: [3, 4].map { PulseAnswer(value: $0) }))
        #expect(seal?.keep == false)
        #expect(seal?.values == [:])
        #expect(after.pulses[0].answers.isEmpty)
        #expect(after.pulses[0].count == 2)
        #expect(PulseResult(pulse: after.pulses[0], threshold: 3).revealed == false)
    }

    @Test func theLargerOfThePromisedKAndTheGroupsNowDecides() {
        // Promised 3 at open, the group raised k to 5 before the close: 4 answers are not enough.
        let raised = closing(state(k: 3, answers: [1, 2, 3, 4].map { PulseAnswer(value: $0) }), groupK: 5)
        #expect(raised.1?.keep == false)
        #expect(raised.1?.threshold == 5)
        // Promised 5, lowered to 3: still 5.
        let lowered = closing(state(k: 5, answers: [1, 2, 3, 4].map { PulseAnswer(value: $0) }), groupK: 3)
        #expect(lowered.1?.keep == false)
        #expect(lowered.1?.promised == 5)
    }

    @Test func moreAnswersThanPeopleKeepsNothing() {
        var over = state(present: 5, k: 3, answers: [1, 2, 3, 4].map { PulseAnswer(value: $0) })
        over.apply(SessionEvent(at: t0 + 30, .present(count: 3)))
        let (after, seal) = closing(over)
        #expect(seal?.present == 3)
        #expect(seal?.keep == false)
        #expect(after.pulses[0].withheld == 4)
    }

    @Test func aSegmentedPulseKeepsOnlyWhatTheRemainderRuleAllowsAndErasesTheSegments() {
        let answers =
            Array(repeating: PulseAnswer(value: 4, segment: "County"), count: 3)
            + Array(repeating: PulseAnswer(value: 2, segment: "Schools"), count: 3)
            + [PulseAnswer(value: 1, segment: PulseSegments.preferNot)]
        let (after, seal) = closing(state(segmented, present: 7, k: 3, answers: answers))
        #expect(seal?.keep == true)
        // One hidden segment (one person) would be the total less the two shown: the smallest shown goes with it.
        #expect((seal?.segments?.rows.count ?? 0) <= 1)
        #expect(seal?.segments?.other == nil)
        #expect(after.pulses[0].answers.allSatisfy { $0.segment == nil })
        #expect(after.pulses[0].storedSegments == seal?.segments)
    }

    @Test func onlyAClosingEventSealsAndOnlyOnce() {
        var open = state(answers: [3, 3, 3].map { PulseAnswer(value: $0) })
        #expect(open.applySealing(SessionEvent(at: t0, .noted(item: 1, text: "x"))) == nil)
        #expect(open.applySealing(SessionEvent(at: t0, .pulseClosed(number: 1))) != nil)
        #expect(open.applySealing(SessionEvent(at: t0, .pulseClosed(number: 1))) == nil)
    }

    /// Once closed, the answers sit in key order whatever the order of answering (while open they
    /// are appended: nothing shows them, and a sorted insert would move 60,000 answers each time).
    @Test func answersSitInKeyOrderWhateverTheOrderOfAnswering() {
        var open = state(k: 3)
        for (key, value) in [(9, 1), (2, 2), (5, 3), (0, 4)] {
            open.record([(key: Data([UInt8(key)]), answer: PulseAnswer(value: value))], pulse: 1)
        }
        _ = open.applySealing(SessionEvent(at: t0 + 60, .pulseClosed(number: 1)))
        #expect(open.pulses[0].answers.map(\.value) == [4, 2, 3, 1])
        #expect(open.pulses[0].keys == [0, 2, 5, 9].map { Data([UInt8($0)]) })
    }
}
