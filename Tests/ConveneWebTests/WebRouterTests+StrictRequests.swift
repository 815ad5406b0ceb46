import ConveneCore
import ConveneSession
import ConveneStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ConveneWeb

/// The page's refusals of requests a phone never sends, its join code that no stranger can change,
/// and its promise that no page leads to an error.
extension WebRouterTests {
    static let spanish = PulseQuestion(
        libraryID: "trust", text: "I trust this table.", textES: "Confío en esta mesa.", answer: .scale,
        scale: .init(min: 1, max: 5, lowLabel: "not at all", highLabel: "fully", lowLabelES: "para nada", highLabelES: "plenamente"), measures: .trust
    )

    @Test func aGetFromAnotherHostIsRefusedAndMintsNoDevice() async throws {
        let f = try fixture()
        // The test client always says "localhost": make that the foreign host.
        f.desk.setAllowedHosts(["192.168.1.20:8080"])
        try await f.app.test(.router) { client in
            for uri in ["/j/123456", "/", "/pulse", "/health", "/lang/es"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .forbidden, "\(uri)")
                    #expect(response.headers[values: .setCookie].isEmpty, "\(uri)")
                }
            }
        }
        #expect(try f.store.webSecret(session: f.session).devices == 0)
    }

    @Test func aSecondHostHeaderIsRefused() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            let response = try await client.execute(uri: "/j/123456", method: .get, headers: [RequestGuard.host: "attacker.test"])
            #expect(response.status == .badRequest)
            #expect(response.headers[values: .setCookie].isEmpty)
        }
    }

    @Test func aBodyDeclaredOverTheCapIsAnsweredAtOnceAndTheConnectionClosed() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await join(client)
            var headers = Self.formHeaders
            headers[.cookie] = cookie
            headers[.contentLength] = "9223372036854775807"
            let response = try await client.execute(uri: "/answer", method: .post, headers: headers)
            #expect(response.status == .contentTooLarge)
            #expect(response.headers[.connection] == "close")
        }
    }

    @Test func aControlCharacterInACommentIsRefusedWholeNotCut() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            let (cookie, token) = try await join(client)
            for hostile in ["a\u{0}nul", "fine \u{1B}[2J", "bell\u{07}", "del\u{7F}", "c1\u{85}"] {
                let refused = try await answer(client, cookie: cookie, token: token, comment: hostile)
                #expect(refused.status == .badRequest, "\(hostile.debugDescription)")
                #expect(String(buffer: refused.body).contains("check your answer and send it again"))
            }
            #expect(try f.store.answerCount(session: f.session, pulse: 1) == 0)
            // Retyped, it is taken, whole.
            #expect(try await answer(client, cookie: cookie, token: token, comment: "a nul\ttab").status == .ok)
        }
        #expect(try f.store.answers(session: f.session)[1] == [PulseAnswer(value: 4, comment: "a nul\ttab")])
    }

    @Test func aTextareasLineBreaksAreKeptAsNewlines() async throws {
        let f = try fixture(question: PulseQuestion(text: "What went unsaid?", answer: .text))
        try await f.app.test(.router) { client in
            let (cookie, token) = try await join(client)
            var headers = Self.formHeaders
            headers[.cookie] = cookie
            let response = try await client.execute(
                uri: "/answer", method: .post, headers: headers,
                body: ByteBuffer(string: "pulse=1&token=\(token)&text=first%0D%0Asecond"))
            #expect(response.status == .ok)
        }
        #expect(try f.store.answers(session: f.session)[1] == [PulseAnswer(text: "first\nsecond")])
    }

    @Test func theCodeNeverChangesByItselfAndTheRightCodeAlwaysWorks() throws {
        let desk = try fixture().desk
        var results: [JoinDesk.CodeCheck] = []
        // 300 wrong codes from 30 addresses, ten each: the most the per-client limit lets through.
        for client in 0..<30 {
            for _ in 0..<10 { results.append(desk.check(code: "999999", client: "10.0.0.\(client)", now: t0)) }
        }
        #expect(desk.code == "123456")
        #expect(results.prefix(100).allSatisfy { $0 == .wrong(slow: false) })
        #expect(results.dropFirst(100).allSatisfy { $0 == .wrong(slow: true) })
        #expect(desk.check(code: "123456", client: "10.0.1.1", now: t0) == .accepted)
        let notices = desk.takeNotices()
        #expect(notices.count == 1)
        #expect(notices[0].contains("still works"))
        // A minute later the room is quiet again.
        #expect(desk.check(code: "000000", client: "10.0.2.1", now: t0.addingTimeInterval(61)) == .wrong(slow: false))
    }

    @Test func aNewCodeOnlyWhenTheFacilitatorAsksAndPhonesInStayIn() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            let (cookie, _) = try await join(client)
            let code = f.desk.newCode()
            #expect(code != "123456")
            #expect(try await client.execute(uri: "/j/123456", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/pulse", method: .get, headers: [.cookie: cookie]).status == .ok)
            #expect(try await client.execute(uri: "/j/\(code)", method: .get).status == .seeOther)
        }
    }

    @Test func aPhoneThatAnsweredWaitsInsteadOfSeeingTheQuestionAgain() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            let (cookie, token) = try await join(client)
            let thanks = try await answer(client, cookie: cookie, token: token)
            #expect(String(buffer: thanks.body).contains("content=\"5; url=/pulse\""))
            try await client.execute(uri: "/pulse", method: .get, headers: [.cookie: cookie]) { response in
                let body = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(body.contains("Waiting for the next question"))
                #expect(body.contains("Your answer to this question is in"))
                #expect(!body.contains("name=\"token\""))
            }
        }
    }

    /// Every link, form action and refresh target of every page the phone can be shown answers
    /// 200 or 303: nothing leads to an error page.
    @Test func noPageLeadsToAnError() async throws {
        let f = try fixture(headcount: 2)
        try await f.app.test(.router) { client in
            var pages: [(String, String, String?)] = []  // (what, body, cookie)
            func keep(_ what: String, _ response: TestResponse, cookie: String?) {
                pages.append((what, String(buffer: response.body), cookie))
            }
            keep("join", try await client.execute(uri: "/", method: .get), cookie: nil)
            keep("join es", try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "es"]), cookie: nil)
            keep("wrong code", try await client.execute(uri: "/j/000000", method: .get), cookie: nil)
            keep("not found", try await client.execute(uri: "/no/such/page", method: .get), cookie: nil)
            let (cookie, token) = try await join(client)
            keep("question", try await client.execute(uri: "/pulse", method: .get, headers: [.cookie: cookie]), cookie: cookie)
            keep("retype", try await answer(client, cookie: cookie, token: token, comment: "a\u{0}b"), cookie: cookie)
            keep("expired", try await answer(client, cookie: cookie, token: "0"), cookie: cookie)
            keep("thanks", try await answer(client, cookie: cookie, token: token), cookie: cookie)
            keep("already", try await answer(client, cookie: cookie, token: token), cookie: cookie)
            keep("answered", try await client.execute(uri: "/pulse", method: .get, headers: [.cookie: cookie]), cookie: cookie)
            let second = try await join(client)
            _ = try await answer(client, cookie: second.cookie, token: second.token)
            keep("full room", try await client.execute(uri: "/j/123456", method: .get), cookie: nil)
            _ = try f.live.perform(.close)
            keep("closed", try await answer(client, cookie: cookie, token: token), cookie: cookie)
            keep("waiting", try await client.execute(uri: "/pulse", method: .get, headers: [.cookie: cookie]), cookie: cookie)

            var checked = 0
            for (what, body, cookie) in pages {
                for target in Self.targets(in: body) {
                    let headers: HTTPFields = cookie.map { [.cookie: $0] } ?? [:]
                    let status = try await client.execute(uri: target, method: .get, headers: headers).status
                    #expect(status == .ok || status == .seeOther, "\(what) page leads to \(target): \(status)")
                    checked += 1
                }
            }
            #expect(checked >= 2 * pages.count)
        }
    }

    /// The links, form actions and refresh targets of a page.
    static func targets(in body: String) -> [String] {
        let patterns = [#"href="([^"]+)""#, #"action="([^"]+)""#, #"content="\d+; url=([^"]+)""#]
        return patterns.flatMap { pattern in
            body.matches(of: try! Regex(pattern)).compactMap { $0.output[1].substring.map(String.init) }
        }
    }

    @Test func theQuestionAndItsLabelsAreInTheParticipantsLanguage() async throws {
        let f = try fixture(question: Self.spanish)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await join(client)
            try await client.execute(uri: "/pulse", method: .get, headers: [.cookie: cookie, .acceptLanguage: "es-MX,es;q=0.9,en;q=0.8"]) {
                response in
                let body = String(buffer: response.body)
                #expect(body.contains("Confío en esta mesa."))
                #expect(body.contains("1 para nada"))
                #expect(body.contains("5 plenamente"))
                #expect(!body.contains("I trust this table"))
            }
            try await client.execute(uri: "/pulse", method: .get, headers: [.cookie: cookie]) { response in
                #expect(String(buffer: response.body).contains("I trust this table."))
            }
        }
    }

    @Test func oneAddressHoldsOneDevicePlaceExceptTheLaptopItself() throws {
        let desk = try fixture().desk
        #expect(desk.reserveDevice(client: "192.168.1.31"))
        #expect(!desk.reserveDevice(client: "192.168.1.31"))
        #expect(desk.reserveDevice(client: "192.168.1.32"))
        // A room found full gives the place back.
        desk.releaseDevice(client: "192.168.1.32")
        #expect(desk.reserveDevice(client: "192.168.1.32"))
        #expect(desk.reserveDevice(client: "127.0.0.1") && desk.reserveDevice(client: "127.0.0.1"))
    }

    @Test func aCommentOfExactlyTheLimitIsTakenWhole() async throws {
        let f = try fixture()
        try await f.app.test(.router) { client in
            let (cookie, token) = try await join(client)
            #expect(try await answer(client, cookie: cookie, token: token, comment: String(repeating: "a", count: 500)).status == .ok)
        }
        #expect(try f.store.answers(session: f.session)[1]?.first?.comment?.count == 500)
    }

    @Test func anAbsoluteFormTargetsHostIsTheOneChecked() {
        #expect(ConnectionGuard.authority(of: "http://attacker.test/j/123456") == "attacker.test")
        #expect(ConnectionGuard.authority(of: "http://127.0.0.1:8080?x") == "127.0.0.1:8080")
        #expect(ConnectionGuard.authority(of: "*") == nil)
    }

    @Test func theBrowsersPreferredLanguageWinsByItsWeight() {
        #expect(WebPages.language(cookie: nil, acceptLanguage: "en;q=0.5, es;q=0.9") == .es)
        #expect(WebPages.language(cookie: nil, acceptLanguage: "fr-FR, es;q=0.5") == .es)
        #expect(WebPages.language(cookie: nil, acceptLanguage: "en-US,en;q=0.9,es;q=0.8") == .en)
        #expect(WebPages.language(cookie: nil, acceptLanguage: "estonian") == .en)
        #expect(WebPages.language(cookie: "en", acceptLanguage: "es") == .en)
        #expect(WebPages.language(cookie: nil, acceptLanguage: nil) == .en)
    }
}
