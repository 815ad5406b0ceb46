import ConveneCore
import ConveneSession
import ConveneStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ConveneWeb

/// The participants' page, tested through its router without sockets: every route and refusal.
@Suite struct WebRouterTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let question = PulseQuestion(
        libraryID: "trust", text: "I trust this table.", answer: .scale,
        scale: .init(min: 1, max: 5, lowLabel: "not at all", highLabel: "fully"), measures: .trust)

    struct Fixture {
        let store: AppDatabase
        let session: Int64
        let live: LiveSession
        let desk: JoinDesk
        let app: Application<RouterResponder<WebContext>>
    }

    /// A session with a headcount and pulse 1 open, its LiveSession, and the page's router.
    func fixture(open: Bool = true, headcount: Int? = 50, question: PulseQuestion = Self.question) throws -> Fixture {
        let store = try AppDatabase.inMemory()
        let group = try store.createGroup(named: "G", at: t0)
        var events = [
            SessionEvent(
                at: t0, .started(group: "G", plan: "p", title: "P", agenda: [AgendaItem(key: 1, activityID: "a", title: "A", plannedMinutes: 5)])),
            SessionEvent(at: t0, .moved(to: 1, how: .start)),
        ]
        if let headcount { events.append(SessionEvent(at: t0, .present(count: headcount))) }
        if open { events.append(SessionEvent(at: t0, .pulseOpened(number: 1, question: question, threshold: 5))) }
        let session = try store.createSession(group: group, events: events).id!
        let t0 = self.t0
        let live = LiveSession(
            store: store, sessionID: session, facilitator: Facilitator(library: Library()),
            state: SessionState.replay(events, context: try store.context(forSession: session)), clock: { t0 })
        let desk = try JoinDesk(live: live, code: "123456")
        desk.setAllowedHosts(["localhost"])
        let app = Application(router: WebRouter.build(desk: desk, committer: GroupCommitter(live: live)))
        return Fixture(store: store, session: session, live: live, desk: desk, app: app)
    }

    static func cookie(_ response: TestResponse) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix("cv_device=") }.map { String($0.split(separator: ";")[0]) }
    }

    static func token(_ body: String) -> String? {
        guard let range = body.range(of: "name=\"token\" value=\"") else { return nil }
        return String(body[range.upperBound...].prefix(32))
    }

    static func form(_ fields: [String: String]) -> ByteBuffer {
        ByteBuffer(
            string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: "http://localhost"]

    /// Joins with the right code and returns the device cookie and the form token of pulse 1.
    func join(_ client: some TestClientProtocol) async throws -> (cookie: String, token: String) {
        let cookie = try await client.execute(uri: "/j/123456", method: .get) { response in
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/pulse")
            let setCookie = response.headers[values: .setCookie].joined()
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            return try #require(Self.cookie(response))
        }
        let token = try await client.execute(uri: "/pulse", method: .get, headers: [.cookie: cookie]) { response in
            #expect(response.status == .ok)
            return try #require(Self.token(String(buffer: response.body)))
        }
        return (cookie, token)
    }

    func answer(
        _ client: some TestClientProtocol, cookie: String, token: String, value: String = "4", comment: String = "", headers: HTTPFields = formHeaders
    ) async throws -> TestResponse {
        var all = headers
        all[.cookie] = cookie
        return try await client.execute(
            uri: "/answer", method: .post, headers: all, body: Self.form(["pulse": "1", "token": token, "value": value, "comment": comment]))
    }

    @Test func aParticipantJoinsAnswersAndIsThankedAfterTheCommit() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("The 6-digit code"))
            }
            let (cookie, token) = try await join(client)
            let response = try await answer(client, cookie: cookie, token: token, comment: "good \u{202E}start")
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains("Thank you"))
        }
        let stored = try f.store.answers(session: f.session)[1] ?? []
        #expect(stored == [PulseAnswer(value: 4, comment: "good \u{202E}start")])
        // The session holds the answer the moment it is stored: nothing to poll.
        #expect(f.live.state.pulses[0].answers == stored)
    }

    @Test func aSecondBallotFromTheSameDeviceIsRefused() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            let (cookie, token) = try await join(client)
            #expect(try await answer(client, cookie: cookie, token: token).status == .ok)
            let again = try await answer(client, cookie: cookie, token: token, value: "1")
            #expect(again.status == .conflict)
            #expect(String(buffer: again.body).contains("already answered"))
        }
        #expect(try f.store.answerCount(session: f.session, pulse: 1) == 1)
    }

    @Test func theBallotTableHoldsOnlyKeyedHashes() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            let (cookie, token) = try await join(client)
            _ = try await answer(client, cookie: cookie, token: token)
            let device = String(cookie.dropFirst("cv_device=".count))
            let hashes = try f.store.ballotKeys()
            #expect(hashes.count == 1)
            #expect(hashes[0].count == 32)
            #expect(!String(decoding: hashes[0], as: UTF8.self).contains(device.prefix(8)))
        }
    }

    @Test func wrongCodesAreRefusedAndThrottled() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<1000 {
                statuses.append(
                    try await client.execute(uri: "/join", method: .post, headers: Self.formHeaders, body: Self.form(["code": "000000"])).status)
            }
            #expect(statuses.prefix(10).allSatisfy { $0 == .unauthorized })
            #expect(statuses.dropFirst(10).allSatisfy { $0 == .tooManyRequests })
            // Even the right code waits out the minute.
            #expect(try await client.execute(uri: "/j/123456", method: .get).status == .tooManyRequests)
        }
    }

    @Test func missingOrForgedTokensAreRefused() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await join(client)
            #expect(try await answer(client, cookie: cookie, token: "").status == .forbidden)
            #expect(try await answer(client, cookie: cookie, token: String(repeating: "a", count: 32)).status == .forbidden)
            // No device cookie: back to the join page.
            #expect(try await answer(client, cookie: "cv_device=forged.value", token: "x").status == .seeOther)
        }
        #expect(try f.store.answerCount(session: f.session, pulse: 1) == 0)
    }

    @Test func aForeignOriginIsRefused() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            let (cookie, token) = try await join(client)
            let response = try await answer(
                client, cookie: cookie, token: token, headers: [.contentType: "application/x-www-form-urlencoded", .origin: "http://evil.example"])
            #expect(response.status == .forbidden)
        }
        #expect(!f.desk.isAllowedHost(nil))
        let desk = f.desk
        desk.setAllowedHosts(["192.168.1.20:8080"])
        #expect(desk.isAllowedHost("192.168.1.20:8080"))
        #expect(!desk.isAllowedHost("attacker.example:8080"))
    }

    @Test func oversizeBodiesAndLongCommentsAreRefused() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            let (cookie, token) = try await join(client)
            var headers = Self.formHeaders
            headers[.cookie] = cookie
            let huge = try await client.execute(
                uri: "/answer", method: .post, headers: headers,
                body: ByteBuffer(string: "pulse=1&token=\(token)&value=4&comment=" + String(repeating: "x", count: 9000)))
            #expect(huge.status == .contentTooLarge)
            let long = try await answer(client, cookie: cookie, token: token, comment: String(repeating: "y", count: 501))
            #expect(long.status == .badRequest)
            #expect(String(buffer: long.body).contains("At most 500 characters"))
        }
        #expect(try f.store.answerCount(session: f.session, pulse: 1) == 0)
    }

    @Test func aClosedPulseRefusesAnswersWithAClearPage() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            let (cookie, token) = try await join(client)
            _ = try f.live.perform(.close)
            let response = try await answer(client, cookie: cookie, token: token)
            #expect(response.status == .gone)
            #expect(String(buffer: response.body).contains("This question is closed"))
            try await client.execute(uri: "/pulse", method: .get, headers: [.cookie: cookie]) { waiting in
                #expect(String(buffer: waiting.body).contains("Waiting for the next question"))
                #expect(String(buffer: waiting.body).contains("http-equiv=\"refresh\""))
            }
        }
    }

    @Test func badAnswersAreAskedAgain() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            let (cookie, token) = try await join(client)
            let response = try await answer(client, cookie: cookie, token: token, value: "9")
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("Please choose an answer"))
        }
    }

    /// Finding 1: a participant who clears their cookies and joins again gets a new device each
    /// time, but never more devices than people present, and never more answers than people.
    @Test func aPhoneThatClearsItsCookiesCannotOutvoteTheRoom() async throws {
        let f = try fixture(headcount: 3)
        try await f.app.test(.router) { client in
            var accepted = 0
            for _ in 0..<3 {
                let (cookie, token) = try await join(client)
                if try await answer(client, cookie: cookie, token: token, value: "1", comment: "me again").status == .ok { accepted += 1 }
            }
            #expect(accepted == 3)
            // The fourth "phone" (the same person, cookies cleared) finds the room full.
            let fourth = try await client.execute(uri: "/j/123456", method: .get)
            #expect(fourth.status == .forbidden)
            #expect(String(buffer: fourth.body).contains("The room is full"))
        }
        #expect(try f.store.answerCount(session: f.session, pulse: 1) == 3)
        #expect(f.desk.takeNotices().contains { $0.contains("could not join") })
    }

    /// No device token before the room is counted, so no cookies can be collected early.
    @Test func noDeviceBeforeAHeadcount() async throws {
        let f = try fixture(headcount: nil)
        let early = try await f.app.test(.router) { client in try await client.execute(uri: "/j/123456", method: .get).status }
        #expect(early == .forbidden)
        _ = try f.live.perform(.present(1))
        let later = try await f.app.test(.router) { client in
            [try await client.execute(uri: "/j/123456", method: .get).status, try await client.execute(uri: "/j/123456", method: .get).status]
        }
        #expect(later == [.seeOther, .forbidden])
    }

    /// Devices that joined while the room was larger cannot give a pulse more answers than the
    /// headcount now.
    @Test func answersPerPulseAreCappedAtTheHeadcount() async throws {
        let f = try fixture(headcount: 4)
        try await f.app.test(.router) { client in
            var phones: [(String, String)] = []
            for _ in 0..<4 { phones.append(try await join(client)) }
            _ = try f.live.perform(.present(2))
            var statuses: [HTTPResponse.Status] = []
            for (cookie, token) in phones { statuses.append(try await answer(client, cookie: cookie, token: token).status) }
            #expect(statuses == [.ok, .ok, .conflict, .conflict])
        }
        #expect(try f.store.answerCount(session: f.session, pulse: 1) == 2)
    }

    /// Finding 6: the ballot key survives a crash and a resume, so a phone that answered is still refused.
    @Test func aPhoneThatAnsweredIsRefusedAfterAResume() async throws {
        let f = try fixture()
        let phone = try await f.app.test(.router) { client in
            let joined = try await join(client)
            #expect(try await answer(client, cookie: joined.cookie, token: joined.token).status == .ok)
            return joined
        }
        // The process dies; the session is resumed from the store with a new desk and router.
        let t0 = self.t0
        let (resumed, _) = try LiveSession.resume(sessionID: f.session, store: f.store, facilitator: Facilitator(library: Library()), clock: { t0 })
        let desk = try JoinDesk(live: resumed, code: "123456")
        desk.setAllowedHosts(["localhost"])
        let app = Application(router: WebRouter.build(desk: desk, committer: GroupCommitter(live: resumed)))
        try await app.test(.router) { client in
            let again = try await answer(client, cookie: phone.cookie, token: phone.token, value: "1")
            #expect(again.status == .conflict)
        }
        #expect(try f.store.answerCount(session: f.session, pulse: 1) == 1)
        // At /end the key is destroyed with the session's ballots: asking again makes a different one.
        let key = try resumed.webSecret().key
        _ = try resumed.perform(.end(out: nil))
        #expect(try f.store.ballotKeys().isEmpty)
        #expect(try f.store.webSecret(session: f.session).key != key)
    }

    @Test func spanishByTheBrowsersLanguageWithASwitch() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "es-MX,es;q=0.9"]) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("Entra a la reunión"))
                #expect(body.contains("lang=\"es\""))
                #expect(body.contains("href=\"/lang/en\""))
            }
            try await client.execute(uri: "/lang/en", method: .get) { response in
                #expect(response.headers[values: .setCookie].joined().contains("cv_lang=en"))
            }
            try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "es", .cookie: "cv_lang=en"]) { response in
                #expect(String(buffer: response.body).contains("Join the meeting"))
            }
        }
    }

    @Test func pagesEscapeQuestionsAndWorkWithoutScripts() async throws {
        let f = try fixture(question: PulseQuestion(text: "<script>alert(1)</script> ok?", answer: .text))
        try await f.app.test(.router) { client in
            let (cookie, _) = try await join(client)
            try await client.execute(uri: "/pulse", method: .get, headers: [.cookie: cookie]) { response in
                let body = String(buffer: response.body)
                #expect(!body.contains("<script"))
                #expect(body.contains("&lt;script&gt;"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            }
        }
    }

    @Test func formDecoding() {
        #expect(FormDecoder.decode("a=1&b=two+words&c=%E2%9C%93&a=2&bad=%ZZ") == ["a": "1", "b": "two words", "c": "✓", "bad": "%ZZ"])
        #expect(FormDecoder.decode("") == [:])
        #expect(FormDecoder.decode("&&=&x") == ["": "", "x": ""])
    }

    @Test func theQRCodeFitsOrSaysSo() {
        let lines = QRCode.lines(for: "http://192.168.1.20:8080/j/123456", width: 80)
        #expect(lines != nil)
        #expect(lines!.allSatisfy { $0.count == lines![0].count })
        #expect(QRCode.lines(for: "http://192.168.1.20:8080/j/123456", width: 10) == nil)
    }
}
