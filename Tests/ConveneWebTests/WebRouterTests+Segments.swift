import ConveneCore
import ConveneSession
import ConveneStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ConveneWeb

/// The equity lens on the participants' page: a segmented pulse asks the seat category first, takes
/// only a choice's number, and refuses a segment the question does not offer (or any segment on a
/// pulse that is not segmented) whole, storing nothing.
extension WebRouterTests {
    @Suite struct Segments {
        let base = WebRouterTests()

        /// The shipped trust question, in both languages, segmented by the default seat categories.
        static let segmented: PulseQuestion = {
            var question = WebRouterTests.spanish
            question.segments = .byCategory(Seat.defaultCategories)
            return question
        }()

        /// The choices as the page numbers them: the categories, then "prefer not to say".
        static let choices = Seat.defaultCategories + [PulseSegments.preferNot]

        /// A POST of pulse 1 with the answer `value` and, when given, the field `segment`.
        func send(_ client: some TestClientProtocol, cookie: String, token: String, value: String = "4", segment: String?) async throws
            -> TestResponse
        {
            var headers = WebRouterTests.formHeaders
            headers[.cookie] = cookie
            var fields = ["pulse": "1", "token": token, "value": value]
            if let segment { fields["segment"] = segment }
            return try await client.execute(uri: "/answer", method: .post, headers: headers, body: WebRouterTests.form(fields))
        }

        /// The segment radios of a page, in order: (value, required, shown name).
        static func segmentRadios(_ body: String) throws -> [(value: String, required: Bool, name: String)] {
            let pattern = try Regex(
                #"<input type="radio" id="segment-[^"]*" name="segment" value="([^"]*)"( required)?[^>]*><label for="segment-[^"]*">([^<]*)</label>"#)
            return body.matches(of: pattern).map { match in
                (String(match.output[1].substring ?? ""), match.output[2].substring != nil, String(match.output[3].substring ?? ""))
            }
        }

        /// A refusal: HTTP 400, the question again (segment radios and all) with a message.
        static func expectRefused(_ response: TestResponse, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(response.status == .badRequest, sourceLocation: sourceLocation)
            let body = String(buffer: response.body)
            #expect(body.contains(message), "\(body.prefix(600))", sourceLocation: sourceLocation)
            #expect(body.contains("name=\"token\""), "the question page is shown again", sourceLocation: sourceLocation)
            #expect(!body.contains("Thank you"), sourceLocation: sourceLocation)
        }

        static let chooseAGroup = "Please choose one of the groups"

        @Test func theSegmentedPageAsksTheSeatFirstWithOneRadioPerChoice() async throws {
            let f = try base.fixture(question: Self.segmented)
            try await f.app.test(.router) { client in
                let (cookie, _) = try await base.join(client)
                try await client.execute(uri: "/pulse", method: .get, headers: [.cookie: cookie]) { response in
                    #expect(response.status == .ok)
                    let body = String(buffer: response.body)
                    #expect(body.contains("Which best describes your seat at this table?"))
                    let radios = try Self.segmentRadios(body)
                    // One radio per category and one for "prefer not to say", numbered 1…7, all required.
                    #expect(radios.map(\.value) == (1...Self.choices.count).map(String.init))
                    #expect(radios.map(\.name) == Self.choices)
                    #expect(radios.allSatisfy { $0.required })
                    #expect(body.components(separatedBy: "name=\"segment\"").count - 1 == Self.choices.count, "no other segment field")
                    // The segment question comes before the answer's own radios.
                    let segment = try #require(body.range(of: "name=\"segment\""))
                    let value = try #require(body.range(of: "name=\"value\""))
                    #expect(segment.lowerBound < value.lowerBound)
                }
                // In Spanish by the browser's language: the question and every choice translated.
                try await client.execute(uri: "/pulse", method: .get, headers: [.cookie: cookie, .acceptLanguage: "es"]) { response in
                    #expect(response.status == .ok)
                    let body = String(buffer: response.body)
                    #expect(body.contains("lang=\"es\""))
                    #expect(body.contains("¿Qué describe mejor tu lugar en esta mesa?"))
                    let radios = try Self.segmentRadios(body)
                    #expect(radios.map(\.value) == (1...Self.choices.count).map(String.init), "the values stay numbers in every language")
                    #expect(
                        radios.map(\.name) == [
                            "residente", "grupo comunitario", "organización sin fines de lucro", "sector público", "financiador", "empresa",
                            "prefiero no decirlo",
                        ])
                    #expect(!body.contains(">resident<"), "an English category on the Spanish page")
                }
            }
        }

        @Test func aPulseThatIsNotSegmentedShowsNoSegmentQuestion() async throws {
            let f = try base.fixture()
            try await f.app.test(.router) { client in
                let (cookie, _) = try await base.join(client)
                try await client.execute(uri: "/pulse", method: .get, headers: [.cookie: cookie]) { response in
                    #expect(!String(buffer: response.body).contains("name=\"segment\""))
                }
            }
        }

        @Test func anAnswerWithoutASegmentIsRefusedAndNothingStored() async throws {
            let f = try base.fixture(question: Self.segmented)
            try await f.app.test(.router) { client in
                let (cookie, token) = try await base.join(client)
                let refused = try await send(client, cookie: cookie, token: token, segment: nil)
                Self.expectRefused(refused, Self.chooseAGroup)
                #expect(try Self.segmentRadios(String(buffer: refused.body)).count == Self.choices.count, "the segment question is asked again")
                // An empty field is no choice either.
                Self.expectRefused(try await send(client, cookie: cookie, token: token, segment: ""), Self.chooseAGroup)
            }
            #expect(try f.store.answerCount(session: f.session, pulse: 1) == 0)
            #expect(f.live.state.pulses[0].answers.isEmpty)
        }

        @Test func aSegmentNumberThatIsNotAChoiceIsRefused() async throws {
            let f = try base.fixture(question: Self.segmented)
            try await f.app.test(.router) { client in
                let (cookie, token) = try await base.join(client)
                for number in ["99", "0", "-1", "\(Self.choices.count + 1)", "99999999999999999999"] {
                    Self.expectRefused(try await send(client, cookie: cookie, token: token, segment: number), Self.chooseAGroup)
                }
            }
            #expect(try f.store.answerCount(session: f.session, pulse: 1) == 0)
            #expect(f.live.state.pulses[0].answers.isEmpty)
        }

        /// The page sends only numbers; a segment in words, even a choice's own name, is a forged
        /// form (and words are how a small segment's answers would be told apart in the store).
        @Test func aSegmentInWordsIsRefusedEvenWhenItNamesAChoice() async throws {
            let f = try base.fixture(question: Self.segmented)
            try await f.app.test(.router) { client in
                let (cookie, token) = try await base.join(client)
                for words in ["resident", "Resident", "residente", "prefer not to say", "funder ", "one", "Mayor's office"] {
                    Self.expectRefused(try await send(client, cookie: cookie, token: token, segment: words), Self.chooseAGroup)
                }
            }
            #expect(try f.store.answerCount(session: f.session, pulse: 1) == 0)
            #expect(f.live.state.pulses[0].answers.isEmpty)
        }

        @Test func aSegmentSentToAPulseThatIsNotSegmentedIsRefused() async throws {
            let f = try base.fixture()
            try await f.app.test(.router) { client in
                let (cookie, token) = try await base.join(client)
                for segment in ["1", "resident", ""] {
                    Self.expectRefused(try await send(client, cookie: cookie, token: token, segment: segment), "Please open the question again")
                }
                // Without the field the same phone's answer is taken: the refusals burned no ballot.
                #expect(try await send(client, cookie: cookie, token: token, segment: nil).status == .ok)
            }
            #expect(try f.store.answers(session: f.session)[1] == [PulseAnswer(value: 4)])
        }

        /// The segment is kept with the answer in memory only: the file never holds it.
        @Test func aValidSegmentIsKeptWithTheAnswerInMemoryOnly() async throws {
            let f = try base.fixture(question: Self.segmented)
            try await f.app.test(.router) { client in
                let first = try await base.join(client)
                // A refusal first: it must not cost this phone its ballot.
                Self.expectRefused(try await send(client, cookie: first.cookie, token: first.token, segment: "99"), Self.chooseAGroup)
                let accepted = try await send(client, cookie: first.cookie, token: first.token, value: "2", segment: "1")
                #expect(accepted.status == .ok)
                #expect(String(buffer: accepted.body).contains("Thank you"))
                let second = try await base.join(client)
                #expect(
                    try await send(client, cookie: second.cookie, token: second.token, value: "5", segment: "\(Self.choices.count)").status == .ok)
                // The segment does not open a second ballot.
                #expect(try await send(client, cookie: first.cookie, token: first.token, value: "1", segment: "2").status == .conflict)
            }
            let expected = [PulseAnswer(value: 2, segment: "resident"), PulseAnswer(value: 5, segment: PulseSegments.preferNot)]
            let stored = try f.store.answers(session: f.session)[1] ?? []
            #expect(stored.sorted { $0.value! < $1.value! } == expected.map { PulseAnswer(value: $0.value) })
            #expect(f.live.state.pulses[0].answers.sorted { $0.value! < $1.value! } == expected)
        }

        /// At close the store keeps the results by segment the remainder rule allows and erases
        /// every answer's segment.
        @Test func atCloseSegmentsAreKeptAsResultsAndErasedFromAnswers() async throws {
            let f = try base.fixture(question: Self.segmented)
            try await f.app.test(.router) { client in
                for value in ["1", "2", "3", "4", "5"] {
                    let phone = try await base.join(client)
                    #expect(try await send(client, cookie: phone.cookie, token: phone.token, value: value, segment: "1").status == .ok)
                }
            }
            _ = try f.live.perform(.close)
            let stored = try f.store.answers(session: f.session)[1] ?? []
            #expect(stored.count == 5)
            #expect(stored.allSatisfy { $0.segment == nil })
            let kept = try #require(try f.store.storedSegments(session: f.session)[1])
            #expect(kept.rows.map(\.segment) == ["resident"])
            #expect(kept.rows.map(\.count) == [5])
            #expect(kept.other == nil)
        }
    }
}
