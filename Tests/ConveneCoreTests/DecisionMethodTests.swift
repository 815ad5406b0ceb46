import Foundation
import Testing

@testable import ConveneCore

/// Decision methods as units: each level, each rule at and beside its line, quorum met, missed and
/// not checkable, and a block.
@Suite struct DecisionMethodTests {
    @Test func eachMethodHasItsLevelsMostSupportFirst() {
        let gradients = Stance(proposal: 1, method: .gradients)
        #expect(
            gradients.levels.map(\.name) == [
                "wholehearted endorsement", "agree with a minor point", "support with reservations", "abstain", "more discussion needed",
                "don't like it but will support", "serious disagreement", "block",
            ])
        #expect(gradients.levels.map(\.value) == Array((1...8).reversed()))
        #expect(Stance(proposal: 1, method: .fistToFive).levels.map(\.value) == Array((0...5).reversed()))
        #expect(Stance(proposal: 1, method: .consent).levels.map(\.name) == ["no objection", "block"])
        #expect(Stance(proposal: 1, method: .majority).levels.map(\.name) == ["yes", "no", "abstain"])
        #expect(Stance(proposal: 1, method: .dotVote, options: ["A", "B"]).levels.map(\.value) == [1, 2])
        // A level by number or by name, in either language.
        #expect(gradients.value("block") == 1 && gradients.value("Bloqueo") == 1 && gradients.value("6") == 6 && gradients.value("9") == nil)
        #expect(Stance(proposal: 1, method: .fistToFive).value("0") == 0)
    }

    @Test func aStanceIsReadInThePassRoundByNumberOrName() throws {
        let question = Stance(proposal: 2, method: .gradients).question("Fund Eastside")
        #expect(try PulseAnswer.parse("support with reservations", for: question).value == 6)
        #expect(try PulseAnswer.parse("8 love it", for: question) == PulseAnswer(value: 8, comment: "love it"))
        #expect(throws: CoreError.self) { try PulseAnswer.parse("9", for: question) }
        #expect(question.answerHint.contains("8 wholehearted endorsement"))
    }

    @Test func gradientsAcceptAtSeventyFivePercentWithNoBlock() {
        let rule = DecisionRule.standard(.gradients)
        let stance = Stance(proposal: 1, method: .gradients)
        // 6 of 8 at 6 or above: exactly 75%.
        #expect(rule.verdict([8: 3, 6: 3, 5: 2], stance: stance).accepted == true)
        // 5 of 8: 62.5%.
        #expect(rule.verdict([8: 3, 6: 2, 5: 3], stance: stance).accepted == false)
        // All for it but one block.
        #expect(rule.verdict([8: 7, 1: 1], stance: stance).accepted == false)
        #expect(rule.verdict([8: 7, 1: 1], stance: stance).text.contains("1 block"))
    }

    @Test func eachRuleAtAndBesideItsLine() throws {
        let fist = DecisionRule.standard(.fistToFive)
        let hand = Stance(proposal: 1, method: .fistToFive)
        #expect(fist.verdict([3: 6, 2: 4], stance: hand).accepted == true)  // 60%
        #expect(fist.verdict([3: 5, 2: 5], stance: hand).accepted == false)  // 50%: not most
        #expect(fist.verdict([5: 9, 0: 1], stance: hand).accepted == false)  // a fist
        let consent = DecisionRule.standard(.consent)
        let round = Stance(proposal: 1, method: .consent)
        #expect(consent.verdict([2: 9], stance: round).accepted == true)
        #expect(consent.verdict([2: 9, 1: 1], stance: round).accepted == false)
        let majority = DecisionRule.standard(.majority)
        let vote = Stance(proposal: 1, method: .majority)
        #expect(majority.verdict([3: 4, 1: 3, 2: 5], stance: vote).accepted == true)
        #expect(majority.verdict([3: 4, 1: 4], stance: vote).accepted == false)
        let dots = Stance(proposal: 1, method: .dotVote, options: ["Eastside", "Northgate"])
        let ranked = DecisionRule.standard(.dotVote).verdict([1: 2, 2: 5], stance: dots)
        #expect(ranked.accepted == nil && ranked.text == "ranked: Northgate 5, Eastside 2")
        // A group's own rule, written and read back.
        let own = try DecisionRule.parse("gradients>=5 from 80%, no block")
        #expect(own == DecisionRule(method: .gradients, atLeast: 5, share: 80, noBlock: true))
        #expect(try DecisionRule.parse(own.text) == own)
        #expect(own.verdict([8: 4, 5: 4, 4: 2], stance: Stance(proposal: 1, method: .gradients)).accepted == true)
        for bad in ["", "unanimity", "gradients>=9 from 75%", "gradients>=6 from 175%", "dot-vote", "consent, maybe"] {
            #expect(throws: CoreError.self, "\(bad)") { try DecisionRule.parse(bad) }
        }
    }

    @Test func quorumMetMissedAndUnchecked() throws {
        let quorum = try Quorum.parse("resident=1, grassroots=2", categories: Seat.defaultCategories)
        #expect(quorum.missing(present: [CategoryCount(category: "resident", count: 1), CategoryCount(category: "grassroots", count: 2)]) == [])
        #expect(
            quorum.missing(present: [CategoryCount(category: "resident", count: 3), CategoryCount(category: "grassroots", count: 1)]) == [
                "grassroots"
            ])
        #expect(quorum.missing(present: nil) == nil)
        #expect(Quorum().missing(present: nil) == [])
        #expect(throws: CoreError.self) { try Quorum.parse("funders=1", categories: Seat.defaultCategories) }
        #expect(throws: CoreError.self) { try Quorum.parse("resident", categories: Seat.defaultCategories) }
    }

    @Test func anItemLineIsReadOrRefusedNamingItsField() throws {
        #expect(
            try BusinessItem.parse(argument: "FY27 reading grants: which three neighbourhoods: decide 30 gradients")
                == BusinessItem(title: "FY27 reading grants: which three neighbourhoods", purpose: .decide, minutes: 30, method: .gradients))
        #expect(try BusinessItem.parse(argument: "Readiness data: inform 15").purpose == .inform)
        for (bad, field) in [
            ("No colon here", "TITLE: PURPOSE MINUTES"), ("Grants: vote 30", "purpose"), ("Grants: decide thirty", "minutes"),
            ("Grants: decide 30 unanimity", "method"), ("Grants: inform 10 consent", "a method is for a decide item"),
        ] {
            do {
                _ = try BusinessItem.parse(argument: bad)
                Issue.record("\(bad) was read")
            } catch {
                #expect(error.description.contains(field), "\(bad): \(error)")
            }
        }
    }
}
