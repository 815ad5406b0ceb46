import ConveneCore
import ConveneTerminal
import Foundation
import GRDB
import Testing

@testable import ConveneSession
@testable import ConveneStore

/// Segments across pulses, attacked as a curious facilitator would: one question asked twice,
/// divided two ways, must not let a group smaller than k be worked out by subtraction; a raised
/// k hides segments as it hides totals; and an open segmented pulse leaves nothing in the file
/// that ties a segment to an answer.
@Suite struct SegmentsAcrossPulsesTests {
    static let question = "How much do you trust the county?"

    /// 12 present: 6 county staff answer 4, 5 school staff answer 2, and one parent answers 1.
    static func answers(county: String, schools: String, parent: String) -> [PulseAnswer] {
        Array(repeating: PulseAnswer(value: 4, segment: county), count: 6) + Array(repeating: PulseAnswer(value: 2, segment: schools), count: 5)
            + [PulseAnswer(value: 1, segment: parent)]
    }

    func ask(_ live: LiveSession, by: Command.SegmentRequest, _ answers: [PulseAnswer]) throws -> LiveSession.Reply {
        _ = try live.perform(
            .pulse(
                .segmented(
                    .adHoc(text: Self.question, answer: .scale, scale: .init(min: 1, max: 5, lowLabel: "not at all", highLabel: "fully")), by: by)))
        let number = try #require(live.state.openPulse?.number)
        for answer in answers { try live.submit(answer, pulse: number) }
        return try live.perform(.close)
    }

    @Test func theSameQuestionDividedAnotherWayIsRefusedInTheSession() throws {
        let live = try Harness.start(try AppDatabase.inMemory())
        _ = try live.perform(.present(12))
        let first = try ask(
            live, by: .own(question: "Where do you work?", options: ["County", "Schools", "Parents"]),
            Self.answers(county: "County", schools: "Schools", parent: "Parents"))
        // County (6) is shown; schools and the parent are pooled (6).
        #expect(first.output.map(\.text).joined().contains("County"))
        // The attack: "County or parent" beside "County" gives the parent's answer. Under the same
        // segment question the options are fixed; under a new one, the pulse question is owned.
        #expect(throws: SessionError.self) {
            try live.perform(
                .pulse(
                    .segmented(
                        .adHoc(text: Self.question, answer: .scale, scale: .init(min: 1, max: 5, lowLabel: "not at all", highLabel: "fully")),
                        by: .own(question: "Where do you work?", options: ["County or parent", "Schools"]))))
        }
        do {
            _ = try live.perform(
                .pulse(
                    .segmented(
                        .adHoc(text: Self.question, answer: .scale, scale: .init(min: 1, max: 5, lowLabel: "not at all", highLabel: "fully")),
                        by: .own(question: "Your workplace?", options: ["County or parent", "Schools"]))))
            Issue.record("a second division of the same question was opened")
        } catch {
            #expect(error.description.contains("was already shown by “Where do you work?”"), "\(error)")
        }
        #expect(live.state.openPulse == nil)
        // Asked again the same way (options in any order and case), it is fine.
        let again = try ask(
            live, by: .own(question: "where do you work?", options: ["parents", "county", "schools"]),
            Self.answers(county: "County", schools: "Schools", parent: "Parents"))
        #expect(again.output.map(\.text).joined().contains("By segment"))
        // And the question alone asks the group's own segment question.
        _ = try live.perform(.pulse(.segmented(.library(id: "trust-at-this-table"), by: .own(question: "Where do you work?", options: []))))
        #expect(live.state.openPulse?.question.segments?.options == ["County", "Schools", "Parents"])
    }

    @Test func theSameQuestionDividedAnotherWayIsRefusedInTheGroupsNextSession() throws {
        let folder = Harness.Folder()
        let store = try AppDatabase.open(path: folder.store)
        let live = try Harness.start(store)
        _ = try live.perform(.present(12))
        _ = try ask(
            live, by: .own(question: "Where do you work?", options: ["County", "Schools", "Parents"]),
            Self.answers(county: "County", schools: "Schools", parent: "Parents"))
        _ = try live.perform(.end(out: nil))
        let group = try #require(try store.group(named: "Reading Coalition"))
        let next = try LiveSession.start(
            plan: Harness.library.plans["monthly-steering"]!, group: group, store: store, facilitator: Harness.facilitator
        ).0
        _ = try next.perform(.present(12))
        #expect(throws: SessionError.self) {
            try next.perform(
                .pulse(
                    .segmented(
                        .adHoc(text: Self.question, answer: .scale, scale: .init(min: 1, max: 5, lowLabel: "not at all", highLabel: "fully")),
                        by: .own(question: "Which team?", options: ["County or parent", "Schools"]))))
        }
        // By category is another division too.
        #expect(throws: SessionError.self) {
            try next.perform(
                .pulse(
                    .segmented(
                        .adHoc(text: Self.question, answer: .scale, scale: .init(min: 1, max: 5, lowLabel: "not at all", highLabel: "fully")),
                        by: .category)))
        }
        // The group's question keeps its options in the next session as well.
        #expect(throws: SessionError.self) {
            try next.perform(.pulse(.segmented(.library(id: "trust-at-this-table"), by: .own(question: "Where do you work?", options: ["A", "B"]))))
        }
    }

    /// A store written before the rule (two divisions of one question both kept): every surface
    /// that reads the group's history shows the first division only.
    @Test func aHistoryWithTwoDivisionsShowsTheFirstOnly() throws {
        let county = PulseSegments(question: "Where do you work?", options: ["County", "Schools", "Parents"], byCategory: false)
        let merged = PulseSegments(question: "Which team?", options: ["County or parent", "Schools"], byCategory: false)
        func pulse(_ segments: PulseSegments, _ rows: [(String, Int)]) -> GroupHistory.Pulse {
            var pulse = GroupHistory.Pulse(
                number: 1, question: Self.question, answer: .scale, measures: .trust, count: 12, threshold: 5, values: Array(repeating: 3, count: 12))
            pulse.segments = SegmentBreakdown(
                question: segments.question,
                rows: rows.map { SegmentBreakdown.Row(segment: $0.0, count: $0.1, distribution: [.init(label: "3", count: $0.1)]) })
            pulse.segmentation = segments
            return pulse
        }
        var history = GroupHistory(
            group: "G", threshold: 5,
            sessions: [
                GroupHistory.Session(id: 1, date: Harness.t0, title: "1", headcount: 12, pulses: [pulse(county, [("County", 6)])]),
                GroupHistory.Session(
                    id: 2, date: Harness.t0 + 86400, title: "2", headcount: 12, pulses: [pulse(merged, [("County or parent", 7), ("Schools", 5)])]),
                GroupHistory.Session(id: 3, date: Harness.t0 + 172800, title: "3", headcount: 12, pulses: [pulse(county, [("County", 6)])]),
            ])
        history = history.revealedOnly()
        #expect(history.sessions[0].pulses[0].segments?.isShown == true)
        #expect(history.sessions[1].pulses[0].segments?.isShown == false)
        #expect(history.sessions[2].pulses[0].segments?.isShown == true)
        let trends = Trends(history: history)
        #expect(!trends.lines().map(\.text).joined().contains("County or parent"))
    }

    /// A raw read of the file while a segmented pulse is open, after /quit and after a stop with
    /// no goodbye: no answer row holds a segment, so the only funder's answer is nowhere tied to
    /// "funder". Its segments are lost on resume, and Convene says so; the total is kept.
    @Test func anOpenSegmentedPulseLeavesNoSegmentInTheFile() throws {
        let folder = Harness.Folder()
        var store: AppDatabase? = try AppDatabase.open(path: folder.store)
        let live = try Harness.start(store!)
        _ = try live.perform(.present(7))
        _ = try live.perform(
            .pulse(
                .segmented(.library(id: "trust-at-this-table"), by: .own(question: "Which sector?", options: ["nonprofit", "funder"]), force: true)))
        for _ in 0..<6 { try live.submit(PulseAnswer(value: 4, comment: "fine by us", segment: "nonprofit"), pulse: 1) }
        try live.submit(PulseAnswer(value: 1, comment: "the county ignores us", segment: "funder"), pulse: 1)
        #expect(try store!.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM response WHERE segment IS NOT NULL") } == 0)
        let bytes = Harness.rawBytes(folder.store)
        // "funder" is in the question's options (the opened event and the pulse's row), never beside an answer.
        let funder = Harness.offsets(of: "funder", in: bytes)
        let comment = try #require(Harness.offsets(of: "the county ignores us", in: bytes).first)
        #expect(funder.allSatisfy { abs($0 - comment) > 64 }, "a segment lies beside the comment at \(funder) vs \(comment)")
        let id = live.sessionID
        store = nil
        // The next open: the segments are gone; the seven answers stay.
        let reopened = try AppDatabase.open(path: folder.store)
        let (resumed, output) = try LiveSession.resume(sessionID: id, store: reopened, facilitator: Harness.facilitator)
        #expect(output.map(\.text).joined().contains("The segments of pulse 1 were lost when Convene stopped"))
        #expect(resumed.state.openPulse?.answers.count == 7)
        let closed = try resumed.perform(.close)
        let text = closed.output.map(\.text).joined(separator: "\n")
        #expect(text.contains("7 answers") && !text.contains("funder") && !text.contains("nonprofit "), "\(text)")
    }
}
