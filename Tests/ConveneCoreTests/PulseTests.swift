import Foundation
import Testing

@testable import ConveneCore

@Suite struct PulseTests {
    let scale = PulseQuestion(text: "Trust?", answer: .scale, scale: .init(min: 1, max: 5, lowLabel: "no", highLabel: "yes"), measures: .trust)

    @Test func answersOfEveryKind() throws {
        #expect(try PulseAnswer.parse("4 good progress", for: scale) == PulseAnswer(value: 4, comment: "good progress"))
        let traffic = PulseQuestion(text: "Arriving?", answer: .traffic)
        #expect(try PulseAnswer.parse("y tired", for: traffic) == PulseAnswer(traffic: .yellow, comment: "tired"))
        #expect(try PulseAnswer.parse("RED", for: traffic).traffic == .red)
        let words = PulseQuestion(text: "Three words", answer: .words)
        #expect(try PulseAnswer.parse("Honest, slow  hopeful", for: words).words == ["honest", "slow", "hopeful"])
        #expect(throws: CoreError.self) { try PulseAnswer.parse("one two three four", for: words) }
        #expect(throws: CoreError.self) { try PulseAnswer.parse("6", for: scale) }
        #expect(throws: CoreError.self) { try PulseAnswer.parse("/close", for: scale) }
        #expect(throws: CoreError.self) { try PulseAnswer.parse(String(repeating: "a", count: 501), for: PulseQuestion(text: "t", answer: .text)) }
    }

    func pulse(_ values: [Int], closed: Bool = true) -> PulseState {
        PulseState(
            number: 1, question: scale, openedAt: Fixtures.t0, closedAt: closed ? Fixtures.t0 + 60 : nil,
            answers: values.map { PulseAnswer(value: $0, comment: "c\($0)") })
    }

    @Test func belowTheThresholdOnlyTheCountIsShown() {
        let four = PulseResult(pulse: pulse([1, 2, 4, 5]), threshold: 5)
        #expect(four.count == 4)
        #expect(!four.revealed)
        #expect(four.mean == nil && four.distribution == nil && four.comments == nil)
        let text = four.lines().map(\.text).joined(separator: "\n")
        #expect(!text.contains("mean") && !text.contains("c1"))
        let five = PulseResult(pulse: pulse([1, 2, 4, 5, 5]), threshold: 5)
        #expect(five.revealed)
        #expect(five.mean == 3.4)
        #expect(five.median == 4)
        #expect(five.distribution?.map(\.count) == [1, 1, 0, 1, 2])
        #expect(Set(five.comments ?? []) == ["c1", "c2", "c4", "c5"])
    }

    @Test func nothingIsShownWhileThePulseIsOpen() {
        let open = PulseResult(pulse: pulse([1, 2, 3, 4, 5, 5], closed: false), threshold: 5)
        #expect(!open.revealed)
        #expect(open.mean == nil)
    }

    /// The core shuffles nothing (it has no random numbers of its own): comments come in the order
    /// of the answers' random keys, as the store reads them, so every surface shows the same order.
    @Test func commentsKeepTheStoresKeyOrderOnEverySurface() {
        let many = PulseState(
            number: 1, question: scale, openedAt: Fixtures.t0, closedAt: Fixtures.t0,
            answers: (1...40).map { PulseAnswer(value: 3, comment: "comment \($0)") })
        let orders = Set((1...5).map { _ in PulseResult(pulse: many, threshold: 5).comments ?? [] })
        #expect(orders == [many.answers.compactMap(\.comment)])
    }

    /// A pulse asked under k = 7 stays hidden with 4 answers after the group lowers its k to 3.
    @Test func theThresholdPromisedAtOpenIsAFloor() {
        var asked = pulse([1, 2, 4, 5])
        asked.threshold = 7
        let result = PulseResult(pulse: asked, threshold: 3)
        #expect(!result.revealed && result.threshold == 7 && result.comments == nil)
        #expect(
            GroupHistory.Pulse(number: 1, question: "q", answer: .scale, measures: .trust, count: 4, threshold: 7).isRevealed(
                threshold: 3, present: nil) == false)
        #expect(
            GroupHistory.Pulse(number: 1, question: "q", answer: .scale, measures: .trust, count: 4, threshold: 3).isRevealed(
                threshold: 3, present: nil))
    }

    /// k counts people: more answers than people present means someone answered twice, so nothing shows.
    @Test func moreAnswersThanPeoplePresentShowsNoResult() {
        let six = PulseResult(pulse: pulse([1, 2, 3, 4, 5, 5]), threshold: 5, present: 5)
        #expect(!six.revealed && six.mean == nil)
        #expect(six.lines().map(\.text).joined().contains("6 answers from 5 present: more answers than people"))
        let fits = PulseResult(pulse: pulse([1, 2, 3, 4, 5, 5]), threshold: 5, present: 8)
        #expect(fits.revealed && fits.countText == "6 answers from 8 present")
    }

    @Test func aClosedPulseNeverReopensAndOnlyOneIsOpen() throws {
        let facilitator = Facilitator(library: Fixtures.library)
        var state = try facilitator.start(plan: Fixtures.library.plans["short"]!, group: "G", at: Fixtures.t0).state
        state = try facilitator.step(state, .pulse(.library(id: "trust-pulse")), at: Fixtures.t0).state
        #expect(throws: CoreError.self) { try facilitator.step(state, .pulse(.checkin), at: Fixtures.t0) }
        state = try facilitator.step(state, .close, at: Fixtures.t0).state
        #expect(throws: CoreError.self) { try facilitator.step(state, .close, at: Fixtures.t0) }
        state = try facilitator.step(state, .pulse(.library(id: "trust-pulse")), at: Fixtures.t0).state
        #expect(state.pulses.map(\.number) == [1, 2])
        #expect(state.pulses[0].isClosed && !state.pulses[1].isClosed)
        #expect(throws: CoreError.self) { try facilitator.step(state, .pulse(.library(id: "arrive")), at: Fixtures.t0) }
    }
}
