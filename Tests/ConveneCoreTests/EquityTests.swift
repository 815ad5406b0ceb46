import Foundation
import Testing

@testable import ConveneCore

/// The equity lens: seats, the headcount by category, voice and ownership by category against
/// hand-computed shares, segmented pulses and the remainder rule.
@Suite struct EquityTests {
    let facilitator = Facilitator(library: Fixtures.library, clock: .utc)

    func run(_ lines: [String], context: GroupContext = GroupContext()) throws -> SessionState {
        var state = try facilitator.start(plan: Fixtures.library.plans["short"]!, group: "G", context: context, at: Fixtures.t0).state
        var now = Fixtures.t0
        for line in lines {
            now += 60
            state = try facilitator.step(state, try #require(try CommandParser.parse(line)), at: now).state
        }
        return state
    }

    func refusal(_ line: String, after lines: [String]) throws -> String {
        let state = try run(lines)
        do {
            _ = try facilitator.step(state, try #require(try CommandParser.parse(line)), at: Fixtures.t0 + 3600)
            return ""
        } catch let error as CoreError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    static let seats = ["/seat \"United Way\" funder", "/seat Eastside grassroots", "/seat \"Parent 1\" resident", "/seat \"Parent 2\" resident"]

    @Test func airtimeByCategoryMatchesHandComputedShares() throws {
        // Turns: funder 6, grassroots 3, resident 1 (of 10): shares 0.6, 0.3, 0.1. Seats present:
        // resident 4, grassroots 3, funder 1 (of 8): 0.5, 0.375, 0.125. Ratios: 1.2/0.125·…
        let turns = Array(repeating: "/spoke United Way", count: 6) + Array(repeating: "/spoke eastside", count: 3) + ["/spoke Parent  2"]
        let state = try run(Self.seats + ["/present resident=4 grassroots=3 funder=1"] + turns)
        let shares = CategoryShares(
            counts: state.airtime.map { (state.context.roster.category(of: $0.label), $0.turns) }, present: state.headcountByCategory,
            categories: state.context.categories)
        let rows = Dictionary(uniqueKeysWithValues: shares.rows.map { ($0.category, $0) })
        #expect(shares.total == 10)
        #expect(rows["funder"]?.share == 0.6 && rows["grassroots"]?.share == 0.3 && rows["resident"]?.share == 0.1)
        #expect(rows["funder"]?.presentShare == 0.125 && rows["grassroots"]?.presentShare == 0.375 && rows["resident"]?.presentShare == 0.5)
        #expect(abs((rows["resident"]?.ratio ?? 0) - 0.2) < 1e-12)
        #expect(abs((rows["funder"]?.ratio ?? 0) - 4.8) < 1e-12)
        #expect(abs((rows["grassroots"]?.ratio ?? 0) - 0.8) < 1e-12)
        #expect(rows["resident"]?.isGap == true && rows["grassroots"]?.isGap == false && rows["funder"]?.isGap == false)
        // "Parent  2" with two spaces and "eastside" count under their seats' spelling.
        #expect(Set(state.airtime.map(\.label)) == ["United Way", "Eastside", "Parent 2"])
        let text = try facilitator.step(state, .airtime, at: Fixtures.t0 + 3600).output.map(\.text).joined(separator: "\n")
        #expect(text.contains("resident       1   10.0% ·  50.0% · 0.20  under half its share of seats"))
    }

    @Test func exactlyHalfASeatShareIsAGapAndJustAboveIsNot() {
        // resident: 2 of 4 seats (0.5), 1 of 4 turns (0.25) = exactly half: fires.
        let half = CategoryShares(
            counts: [("resident", 1), ("funder", 3)],
            present: [CategoryCount(category: "resident", count: 2), CategoryCount(category: "funder", count: 2)], categories: Seat.defaultCategories)
        #expect(half.rows.first { $0.category == "resident" }?.isGap == true)
        let above = CategoryShares(
            counts: [("resident", 26), ("funder", 74)],
            present: [CategoryCount(category: "resident", count: 2), CategoryCount(category: "funder", count: 2)], categories: Seat.defaultCategories)
        #expect(above.rows.first { $0.category == "resident" }?.isGap == false)
        // Present and silent: a gap whatever the other shares.
        let silent = CategoryShares(
            counts: [("funder", 3)], present: [CategoryCount(category: "resident", count: 1), CategoryCount(category: "funder", count: 9)],
            categories: Seat.defaultCategories)
        #expect(silent.rows.first { $0.category == "resident" }.map { $0.count == 0 && $0.isGap } == true)
    }

    @Test func ownershipCountsByTheOwnersCategory() throws {
        let state = try run(
            Self.seats + [
                "/present resident=2 grassroots=1 funder=1", "/commit United Way: draft the MOU", "/commit united way: book the room",
                "/commit Parent 1: call the principal", "/commit Somebody Else: bring snacks",
            ])
        let owners = state.context.commitments.map { state.context.roster.category(of: $0.owner) }
        #expect(owners == ["funder", "funder", "resident", Seat.unseated])
        // The owner keeps its seat's spelling.
        #expect(state.context.commitments[1].owner == "United Way")
        let step = try facilitator.step(state, .commitments, at: Fixtures.t0 + 3600)
        #expect(step.output.map(\.text).joined().contains("resident 1 (25%)"))
        #expect(step.output.map(\.text).joined().contains("funder 2 (50%)"))
    }

    @Test func anOwnerOrSpeakerWithoutASeatIsAskedAboutOnce() throws {
        let state = try run(Self.seats)
        let first = try facilitator.step(state, .spoke("County Health"), at: Fixtures.t0 + 3600)
        #expect(first.effects == [.askCategory(label: "County Health")])
        let second = try facilitator.step(first.state, .spoke("county health"), at: Fixtures.t0 + 3660)
        #expect(second.effects.isEmpty)
        let commit = try facilitator.step(second.state, .commit(owner: "Library", action: "host", due: .none), at: Fixtures.t0 + 3720)
        #expect(commit.effects == [.askCategory(label: "Library")])
        let again = try facilitator.step(commit.state, .commit(owner: "library", action: "host again", due: .none), at: Fixtures.t0 + 3780)
        #expect(again.effects.isEmpty)
        // A group with no roster is never asked.
        let bare = try facilitator.step(try run([]), .spoke("Anyone"), at: Fixtures.t0 + 3600)
        #expect(bare.effects.isEmpty)
    }

    @Test func presentByCategoryRoundTripsThroughItsEvents() throws {
        let state = try run(["/present resident=4 grassroots=3 nonprofit=4 public=2 funder=1"])
        #expect(state.headcount == 14)
        #expect(
            state.headcountByCategory == [
                CategoryCount(category: "resident", count: 4), CategoryCount(category: "grassroots", count: 3),
                CategoryCount(category: "nonprofit", count: 4), CategoryCount(category: "public", count: 2),
                CategoryCount(category: "funder", count: 1),
            ])
        // The events as the store keeps them (JSON) give the same state back.
        let events =
            try facilitator.start(plan: Fixtures.library.plans["short"]!, group: "G", at: Fixtures.t0).events
            + [SessionEvent(at: Fixtures.t0 + 60, .presentBy(categories: state.headcountByCategory!, here: nil))]
        let decoded = try JSONDecoder().decode([SessionEvent].self, from: JSONEncoder().encode(events))
        #expect(SessionState.replay(decoded).headcountByCategory == state.headcountByCategory)
        // A plain headcount afterwards clears the categories.
        #expect(try run(["/present resident=4 funder=1", "/present 9"]).headcountByCategory == nil)
    }

    @Test func hereCountsTheRosterSeatsInTheRoom() throws {
        let state = try run(Self.seats + ["/here \"united way\" Eastside \"Parent 1\" \"Parent 2\" Eastside"])
        #expect(state.headcount == 4)
        #expect(
            state.headcountByCategory == [
                CategoryCount(category: "resident", count: 2), CategoryCount(category: "grassroots", count: 1),
                CategoryCount(category: "funder", count: 1),
            ])
        #expect(state.here == ["United Way", "Eastside", "Parent 1", "Parent 2"])
    }

    @Test func badSeatAndHeadcountInputIsExplainedAndChangesNothing() throws {
        #expect(try refusal("/seat Ana royalty", after: []).contains("royalty is not one of this group's categories"))
        #expect(try refusal("/here Ana", after: []).contains("not on the roster: Ana"))
        #expect(try refusal("/present resident=2 royalty=1", after: []).contains("royalty is not one of this group's categories"))
        #expect(throws: CoreError.self) { try CommandParser.parse("/present resident=two") }
        #expect(throws: CoreError.self) { try CommandParser.parse("/present resident=1 resident=2") }
        #expect(throws: CoreError.self) { try CommandParser.parse("/seat \"United Way funder") }
        #expect(throws: CoreError.self) { try CommandParser.parse("/seat OnlyALabel") }
        #expect(throws: CoreError.self) { try CommandParser.parse("/pulse trust-pulse --by \"Which group?\" OnlyOne") }
        #expect(throws: CoreError.self) { try CommandParser.parse("/pulse trust-pulse --by \"Which group?\" A,prefer not to say") }
        #expect(try refusal("/pulse \"How?\" --words --by category", after: []).contains("only a scale or traffic-light pulse"))
    }

    @Test func aSegmentedPulseShowsOnlyWhatTheRemainderRuleAllows() throws {
        var state = try run(["/present 20", "/pulse trust-pulse --by category"])
        let pulse = try #require(state.openPulse)
        #expect(pulse.question.segments?.choices == Seat.defaultCategories + [PulseSegments.preferNot])
        // public 6 (4s), grassroots 5 (2s), resident 1 (1): the resident would be the total less
        // the two shown, so grassroots (the smallest shown) is hidden with it and pooled: 6 answers.
        let answers =
            Array(repeating: PulseAnswer(value: 4, segment: "public"), count: 6)
            + Array(repeating: PulseAnswer(value: 2, segment: "grassroots"), count: 5)
            + [PulseAnswer(value: 1, segment: "resident")]
        state.record(answers, pulse: pulse.number)
        let closed = try facilitator.step(state, .close, at: Fixtures.t0 + 3600)
        let result = PulseResult(pulse: closed.state.pulses[0], threshold: 5, present: 20)
        let segments = try #require(result.segments)
        #expect(segments.rows.map(\.segment) == ["public"])
        #expect(segments.other?.count == 6)
        #expect(abs((segments.other?.mean ?? 0) - 11.0 / 6.0) < 1e-12)
        let text = closed.output.map(\.text).joined(separator: "\n")
        #expect(text.contains("public") && text.contains("other (pooled)"))
        #expect(!text.contains("grassroots ") && !text.contains("resident "))
    }

    // MARK: - The remainder rule, as a property

    /// The figures a surface shows: the total (always), and the shown segments and the pool with their counts.
    struct Shown: Equatable {
        var segments: [String: Int]
        var pooled: Int?
    }

    static func shown(_ counts: [String: Int], k: Int) -> Shown {
        let (names, pooled) = SegmentBreakdown.visible(counts: counts, threshold: k)
        let total = counts.values.reduce(0, +)
        let segments = Dictionary(uniqueKeysWithValues: names.map { ($0, counts[$0]!) })
        return Shown(segments: segments, pooled: pooled ? total - segments.values.reduce(0, +) : nil)
    }

    /// Every way to share `total` answers among `names`.
    static func compositions(_ total: Int, into names: [String]) -> [[String: Int]] {
        guard let first = names.first else { return total == 0 ? [[:]] : [] }
        if names.count == 1 { return [[first: total]] }
        return (0...total).flatMap { n in
            compositions(total - n, into: Array(names.dropFirst())).map { rest in rest.merging([first: n]) { a, _ in a } }
        }
    }

    @Test func noHiddenSegmentCanBeWorkedOutFromWhatIsShown() {
        var random = SeededGenerator(seed: 14)
        var checked = 0
        var withHidden = 0
        for _ in 0..<400 {
            let k = Int.random(in: 3...7, using: &random)
            let names =
                Array((["resident", "grassroots", "nonprofit", "public", "funder"].prefix(Int.random(in: 2...5, using: &random)))) + [
                    PulseSegments.preferNot
                ]
            var counts: [String: Int] = [:]
            for name in names { counts[name] = Int.random(in: 0...9, using: &random) * (Int.random(in: 0...4, using: &random) == 0 ? 0 : 1) }
            let total = counts.values.reduce(0, +)
            guard total <= 22 else { continue }
            let figures = Self.shown(counts, k: k)
            checked += 1
            // What anyone sees: the total, each shown segment's count, the pool's count. Below k, nothing.
            #expect(figures.segments.values.allSatisfy { $0 >= k }, "\(counts) k \(k)")
            let remainder = total - figures.segments.values.reduce(0, +)
            if let pooled = figures.pooled { #expect(pooled >= k && pooled == remainder) }
            #expect(
                remainder == 0 || remainder >= k || figures.segments.isEmpty,
                "\(counts) k \(k): a remainder of \(remainder) under k can be worked out")
            // Every world with the same total and the same shown figures: a hidden segment with
            // answers must have more than one possible count in them, so it cannot be derived.
            let hidden = names.filter { figures.segments[$0] == nil }
            guard remainder > 0, !figures.segments.isEmpty || total >= k else { continue }
            var possible: [String: Set<Int>] = [:]
            for world in Self.compositions(remainder, into: hidden) {
                let full = world.merging(figures.segments) { a, _ in a }
                guard Self.shown(full, k: k) == figures else { continue }
                for name in hidden { possible[name, default: []].insert(full[name]!) }
            }
            for name in hidden where counts[name]! > 0 {
                withHidden += 1
                #expect((possible[name]?.count ?? 0) >= 2, "\(counts) k \(k): \(name)'s count \(counts[name]!) can be worked out from \(figures)")
            }
        }
        #expect(checked > 300 && withHidden > 100)
    }

    @Test func thePooledDistributionIsTheTotalLessTheShownSegments() {
        var random = SeededGenerator(seed: 7)
        let question = PulseQuestion(
            text: "Trust?", answer: .scale, scale: .init(min: 1, max: 5, lowLabel: "", highLabel: ""), measures: .trust,
            segments: .byCategory(Seat.defaultCategories))
        for _ in 0..<300 {
            let answers = (0..<Int.random(in: 0...30, using: &random)).map { _ in
                PulseAnswer(value: Int.random(in: 1...5, using: &random), segment: question.segments!.choices.randomElement(using: &random))
            }
            let k = Int.random(in: 3...8, using: &random)
            guard let breakdown = SegmentBreakdown(question: question, answers: answers, threshold: k) else {
                Issue.record("no breakdown")
                continue
            }
            let shownCount = breakdown.rows.reduce(0) { $0 + $1.count }
            if let other = breakdown.other {
                #expect(other.count == answers.count - shownCount && other.count >= k)
                for value in 1...5 {
                    let all = answers.filter { $0.value == value }.count
                    let inShown = breakdown.rows.reduce(0) { $0 + ($1.distribution.first { $0.label == "\(value)" }?.count ?? 0) }
                    #expect(other.distribution.first { $0.label == "\(value)" }?.count == all - inShown)
                }
            }
            #expect(breakdown.rows.allSatisfy { $0.count >= k })
        }
    }
}
