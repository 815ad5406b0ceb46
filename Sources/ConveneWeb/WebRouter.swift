import ConveneCore
import ConveneStore
import Foundation
import Hummingbird

/// The routes of the participants' page. Every refusal is a clear page in the participant's
/// language; nothing about the device, address or time is stored with an answer.
public enum WebRouter {
    public static let maxBody = 8 * 1024
    public static let maxComment = PulseAnswer.maxTextLength

    public static func build(desk: JoinDesk, committer: GroupCommitter) -> Router<WebContext> {
        // HEAD answers as GET would, without the body (a link checker, a captive portal probe).
        let router = Router(context: WebContext.self, options: .autoGenerateHeadEndpoints)
        // Before the routes: Hummingbird builds each route's chain of middleware when it is added.
        router.add(middleware: RequestGuard(desk: desk))
        router.get("/") { request, _ in
            let pages = pages(for: request)
            if desk.device(from: request.cookies["cv_device"]?.value) != nil { return redirect("/pulse") }
            return html(joinPages[pages.language]!)
        }
        router.get("/health") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
        router.get("/lang/:lang") { request, context in
            var response = redirect(request.cookies["cv_device"] == nil ? "/" : "/pulse")
            let lang = ParticipantLanguage(rawValue: context.parameters.get("lang") ?? "") ?? .en
            response.setCookie(Cookie(name: "cv_lang", value: lang.rawValue, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        router.get("/j/:code") { request, context in
            await join(code: context.parameters.get("code") ?? "", request: request, context: context, desk: desk, committer: committer)
        }
        // The targets of the forms, reached by a refresh, a back button or a bookmark: on to the page.
        router.get("/join") { _, _ in redirect("/") }
        router.get("/answer") { _, _ in redirect("/pulse") }
        router.post("/join") { request, context in
            let pages = pages(for: request)
            guard originMatches(request) else { return notAllowed(pages) }
            guard let form = await form(request) else { return tooLarge(pages) }
            if FormDecoder.hasControlCharacters(form) {
                return html(
                    pages.join(
                        error: pages.t("Please type the code again: only its six digits.", "Escribe el código otra vez: solo sus seis dígitos.")),
                    status: .badRequest)
            }
            return await join(code: form["code"] ?? "", request: request, context: context, desk: desk, committer: committer)
        }
        router.get("/rejoin") { request, _ in html(pages(for: request).rejoin()) }
        router.post("/rejoin") { request, context in await rejoin(request: request, context: context, desk: desk) }
        router.get("/pulse") { request, _ in
            let pages = pages(for: request)
            guard let device = desk.device(from: request.cookies["cv_device"]?.value) else { return redirect("/") }
            desk.recordVisit()
            guard let pulse = desk.openPulse else { return html(pages.waiting(rejoin: JoinDesk.rejoinCode(device: device))) }
            // A phone that has answered waits for the next question; it is not shown this one again.
            let rejoin = JoinDesk.rejoinCode(device: device)
            if (try? desk.live.store.hasBallot(desk.ballot(device: device, pulse: pulse.number))) == true {
                return html(pages.waiting(answered: true, rejoin: rejoin))
            }
            return html(pages.question(pulse, token: desk.formToken(device: device, pulse: pulse.number), rejoin: rejoin))
        }
        router.post("/answer") { request, _ in
            await answer(request: request, desk: desk, committer: committer)
        }
        return router
    }

    static func answer(request: Request, desk: JoinDesk, committer: GroupCommitter) async -> Response {
        // Parsed once: this is the path every answer takes.
        let cookies = request.cookies
        let pages = pages(for: request, cookies: cookies)
        guard originMatches(request) else { return notAllowed(pages) }
        guard let device = desk.device(from: cookies["cv_device"]?.value) else { return redirect("/") }
        guard let form = await form(request) else { return tooLarge(pages) }
        guard let number = form["pulse"].flatMap(Int.init) else {
            return html(
                pages.message(
                    pages.t("Something went wrong", "Algo salió mal"), pages.t("Please open the question again.", "Abre la pregunta otra vez.")),
                status: .badRequest)
        }
        guard let token = form["token"], JoinDesk.same(token, desk.formToken(device: device, pulse: number)) else {
            return html(
                pages.message(
                    pages.t("Please try again", "Inténtalo otra vez"),
                    pages.t("This form has expired. Open the question again.", "Este formulario caducó. Abre la pregunta otra vez.")),
                status: .forbidden)
        }
        guard let pulse = desk.openPulse, pulse.number == number, !desk.isClosed(number) else {
            return closed(pages)
        }
        if FormDecoder.hasControlCharacters(form) {
            // Refused whole: a NUL or an escape would otherwise cut or change what was written. The
            // form comes back with them taken out, for the participant to check and send.
            return html(
                pages.question(
                    pulse, token: token,
                    error: pages.t(
                        "Your answer had a character that cannot be kept (a control character, often from pasting). It is taken out below: check your answer and send it again.",
                        "Tu respuesta tenía un carácter que no se puede guardar (un carácter de control, suele venir de pegar texto). Abajo está sin él: revisa tu respuesta y envíala otra vez."
                    ), typed: FormDecoder.withoutControlCharacters(form), rejoin: JoinDesk.rejoinCode(device: device)), status: .badRequest)
        }
        if let longest = [form["comment"], form["text"]].compactMap({ $0?.count }).max(), longest > maxComment {
            return html(
                pages.question(
                    pulse, token: token,
                    error: pages.t(
                        "At most \(maxComment) characters, please: yours has \(longest).",
                        "Como máximo \(maxComment) caracteres, por favor: el tuyo tiene \(longest)."),
                    typed: form, rejoin: JoinDesk.rejoinCode(device: device)),
                status: .badRequest)
        }
        var answer: PulseAnswer
        do {
            answer = try PulseAnswer.parse(typed(form, for: pulse.question), for: pulse.question, in: pages.language)
        } catch {
            return html(
                pages.question(
                    pulse, token: token, error: problem(form, for: pulse.question, pages), typed: form, rejoin: JoinDesk.rejoinCode(device: device)),
                status: .badRequest)
        }
        if let segments = pulse.question.segments {
            // Only a choice's number is taken: a segment the question does not offer is refused whole.
            guard let typed = form["segment"], Int(typed) != nil, let choice = segments.choice(typed) else {
                return html(
                    pages.question(
                        pulse, token: token,
                        error: pages.t(
                            "Please choose one of the groups (or “prefer not to say”).", "Elige uno de los grupos (o “prefiero no decirlo”)."),
                        typed: form, rejoin: JoinDesk.rejoinCode(device: device)),
                    status: .badRequest)
            }
            answer.segment = choice
        } else if form["segment"] != nil {
            return html(
                pages.question(pulse, token: token, error: pages.t("Please open the question again.", "Abre la pregunta otra vez.")),
                status: .badRequest)
        }
        let result: BallotResult
        do {
            result = try await committer.submit(answer, ballot: desk.ballot(device: device, pulse: number), pulse: number)
        } catch {
            return html(
                pages.message(
                    pages.t("Not saved", "No se guardó"),
                    pages.t(
                        "Your answer could not be saved. Please tell the facilitator.", "No se pudo guardar tu respuesta. Avisa a quien facilita.")),
                status: .internalServerError)
        }
        switch result {
        case .accepted:
            return html(thanks(pages, device: device))
        case .full:
            return html(
                pages.message(
                    pages.t("Everyone has answered", "Ya respondieron todos"),
                    pages.t(
                        "This question already has an answer from every person present. If you have not answered, tell the facilitator.",
                        "Esta pregunta ya tiene una respuesta de cada persona presente. Si no respondiste, avisa a quien facilita."), refresh: 5),
                status: .conflict)
        case .duplicate:
            return html(
                pages.message(
                    pages.t("Already answered", "Ya respondiste"),
                    pages.t("This phone has already answered this question. Thank you!", "Este teléfono ya respondió esta pregunta. ¡Gracias!"),
                    refresh: 5), status: .conflict)
        case .closed:
            return closed(pages)
        case .refused:
            return html(
                pages.message(
                    pages.t("Please try again", "Inténtalo otra vez"), pages.t("Please open the question again.", "Abre la pregunta otra vez.")),
                status: .badRequest)
        }
    }

    static func closed(_ pages: WebPages) -> Response {
        html(
            pages.message(
                pages.t("This question is closed", "Esta pregunta está cerrada"),
                pages.t(
                    "Answers are no longer taken for it. Wait for the next question.", "Ya no se aceptan respuestas. Espera la próxima pregunta."),
                refresh: 5), status: .gone)
    }

    static func notAllowed(_ pages: WebPages) -> Response {
        html(
            pages.message(
                pages.t("Not allowed", "No permitido"),
                pages.t("This form must be sent from the meeting's own page.", "Este formulario debe enviarse desde la página de la reunión."),
                next: "/"), status: .forbidden)
    }

    /// The form of a POST, or nil when its body is over the cap (or does not arrive in time: the
    /// connection's body timeout closes it).
    static func form(_ request: Request) async -> [String: String]? {
        var request = request
        guard let body = try? await request.collectBody(upTo: maxBody) else { return nil }
        return FormDecoder.decode(String(buffer: body))
    }

    /// Form fields as the text a participant would type at the keyboard, so both paths share one parser.
    static func typed(_ form: [String: String], for question: PulseQuestion) -> String {
        let comment = form["comment"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        switch question.answer {
        case .scale: return [form["value"] ?? "", comment].filter { !$0.isEmpty }.joined(separator: " ")
        case .traffic: return [form["traffic"] ?? "", comment].filter { !$0.isEmpty }.joined(separator: " ")
        case .words: return form["words"] ?? ""
        case .text: return form["text"] ?? ""
        }
    }

    static func join(code: String, request: Request, context: WebContext, desk: JoinDesk, committer: GroupCommitter) async -> Response {
        let pages = pages(for: request)
        if desk.device(from: request.cookies["cv_device"]?.value) != nil, code == desk.code { return redirect("/pulse") }
        switch desk.check(code: code, client: context.client, now: Date()) {
        case .throttled:
            return html(
                pages.join(
                    error: pages.t(
                        "Too many wrong codes. Wait a minute and try again.",
                        "Demasiados códigos incorrectos. Espera un minuto y vuelve a intentarlo.")), status: .tooManyRequests)
        case .wrong(let slow):
            // Many wrong codes from everyone: each costs its sender time (a right code never waits).
            if slow { try? await Task.sleep(for: JoinDesk.slowAnswer) }
            return html(
                pages.join(
                    error: pages.t(
                        "That code is not right. Check the facilitator's screen.", "Ese código no es correcto. Mira la pantalla de quien facilita."),
                    typed: String(code.filter(\.isNumber).prefix(6))),
                status: .unauthorized)
        case .accepted:
            if desk.device(from: request.cookies["cv_device"]?.value) != nil { return redirect("/pulse") }
            guard desk.reserveDevice(client: context.client) else {
                desk.addNotice(
                    "A phone that already joined tried to join again (its cookies were cleared?): its page asks for the rejoin code it showed. If the participant has none, /pass lets them answer at the keyboard."
                )
                return html(pages.rejoin(alreadyJoined: true), status: .forbidden)
            }
            // One device per person present: the session counts the tokens (none before a headcount).
            let granted: Bool
            do {
                granted = try await committer.join()
            } catch {
                desk.releaseDevice(client: context.client)
                return html(
                    pages.message(
                        pages.t("Not saved", "No se guardó"),
                        pages.t("Joining did not work. Please tell the facilitator.", "No se pudo entrar. Avisa a quien facilita.")),
                    status: .internalServerError)
            }
            guard granted else {
                desk.releaseDevice(client: context.client)
                if desk.live.room.headcount == nil {
                    return html(
                        pages.message(
                            pages.t("Not open yet", "Todavía no está abierto"),
                            pages.t(
                                "The facilitator has not counted the room yet. This page tries again by itself.",
                                "Quien facilita todavía no contó a las personas presentes. Esta página vuelve a intentarlo sola."), refresh: 10,
                            next: "/j/\(code.filter(\.isNumber).prefix(6))"), status: .forbidden)
                }
                desk.addNotice(
                    "A phone could not join: every person present already has one. If someone is missing, /present N with the real headcount lets them in."
                )
                return html(
                    pages.message(
                        pages.t("The room is full", "La sala está llena"),
                        pages.t(
                            "Every person present already has a phone in. Ask the facilitator.",
                            "Cada persona presente ya entró con un teléfono. Pregunta a quien facilita."), next: "/"), status: .forbidden)
            }
            return deviceCookie(desk.mintDevice())
        }
    }

    /// On to the question with a device's cookie. It lasts a day, longer than any meeting (a cookie
    /// for the browser's session alone is lost when a phone kills its browser); the token is worth
    /// nothing once the session ends and its key is deleted.
    static func deviceCookie(_ token: String) -> Response {
        var response = redirect("/pulse")
        response.setCookie(Cookie(name: "cv_device", value: token, maxAge: deviceCookieSeconds, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }

    static let deviceCookieSeconds = 24 * 60 * 60

    /// A phone that lost its cookie types its rejoin code and gets the same device back: its place,
    /// and a ballot already cast still counted once.
    static func rejoin(request: Request, context: WebContext, desk: JoinDesk) async -> Response {
        let pages = pages(for: request)
        guard originMatches(request) else { return notAllowed(pages) }
        guard let form = await form(request) else { return tooLarge(pages) }
        let typed = form["rejoin"] ?? ""
        if FormDecoder.hasControlCharacters(form) {
            return html(
                pages.rejoin(
                    error: pages.t(
                        "Please type the rejoin code again: only its letters and digits.",
                        "Escribe el código para volver otra vez: solo sus letras y dígitos.")), status: .badRequest)
        }
        let (check, device) = desk.rejoin(typed: typed, client: context.client, now: Date())
        switch check {
        case .accepted:
            return deviceCookie(desk.token(device: device!))
        case .throttled:
            return html(
                pages.rejoin(
                    typed: typed,
                    error: pages.t(
                        "Too many wrong codes. Wait a minute and try again.",
                        "Demasiados códigos incorrectos. Espera un minuto y vuelve a intentarlo.")),
                status: .tooManyRequests)
        case .wrong(let slow):
            if slow { try? await Task.sleep(for: JoinDesk.slowAnswer) }
            return html(
                pages.rejoin(
                    typed: typed,
                    error: pages.t(
                        "That is not a rejoin code of this meeting. It has nine letters and digits, like ABC-DEF-GHJ.",
                        "Ese no es un código para volver de esta reunión. Tiene nueve letras y dígitos, como ABC-DEF-GHJ.")),
                status: .unauthorized)
        }
    }

    static func pages(for request: Request, cookies: Cookies? = nil) -> WebPages {
        WebPages(
            language: WebPages.language(cookie: (cookies ?? request.cookies)["cv_lang"]?.value, acceptLanguage: request.headers[.acceptLanguage]))
    }

    /// A POST's Origin, when the browser sends one, must be this server.
    static func originMatches(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority else { return false }
        return origin.lowercased() == "http://\(host.lowercased())"
    }

    /// A page; `close` ends the connection after it (the request's body was not read).
    static func html(_ body: String, status: HTTPResponse.Status = .ok, close: Bool = false) -> Response {
        html(ByteBuffer(string: body), status: status, close: close)
    }

    static func html(_ body: ByteBuffer, status: HTTPResponse.Status = .ok, close: Bool = false) -> Response {
        var response = Response(status: status, headers: pageHeaders, body: .init(byteBuffer: body))
        if close { response.headers[.connection] = "close" }
        return response
    }

    /// The same for every page, so built once (field names are validated when made).
    static let pageHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
        .init("Referrer-Policy")!: "same-origin", .init("X-Content-Type-Options")!: "nosniff",
        .init("Content-Security-Policy")!: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    ]

    /// The join page as bytes, per language: what the QR code and every new phone open first.
    static let joinPages: [ParticipantLanguage: ByteBuffer] = Dictionary(
        uniqueKeysWithValues: ParticipantLanguage.allCases.map { ($0, ByteBuffer(string: WebPages(language: $0).join())) })

    /// The thank-you page as bytes, per language, before and after the phone's rejoin line: the
    /// reply to every answer, so built once.
    static let thanksParts: [ParticipantLanguage: (ByteBuffer, ByteBuffer)] = Dictionary(
        uniqueKeysWithValues: ParticipantLanguage.allCases.map {
            let parts = WebPages(language: $0).thanks().components(separatedBy: WebPages.rejoinMark)
            return ($0, (ByteBuffer(string: parts[0]), ByteBuffer(string: parts[1])))
        })

    static func thanks(_ pages: WebPages, device: String) -> ByteBuffer {
        let (before, after) = thanksParts[pages.language]!
        var page = before
        page.writeString(pages.rejoinLine(JoinDesk.rejoinCode(device: device)))
        page.writeImmutableBuffer(after)
        return page
    }

    /// What is wrong with an answer the parser refused, in the participant's words.
    static func problem(_ form: [String: String], for question: PulseQuestion, _ pages: WebPages) -> String {
        switch question.answer {
        case .words:
            let words = (form["words"] ?? "").split { $0.isWhitespace || $0 == "," }
            if words.count > PulseAnswer.maxWords {
                return pages.t(
                    "At most three words, please: yours has \(words.count).", "Como máximo tres palabras, por favor: la tuya tiene \(words.count).")
            }
            return pages.t("Please type one to three words.", "Escribe de una a tres palabras, por favor.")
        case .text:
            return pages.t("Please write your answer: it is empty.", "Escribe tu respuesta: está vacía.")
        case .scale, .traffic:
            return pages.t("Please choose an answer.", "Elige una respuesta, por favor.")
        }
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    static func tooLarge(_ pages: WebPages) -> Response {
        html(
            pages.message(
                pages.t("Too long", "Demasiado largo"),
                pages.t(
                    "That was more than this page accepts. Please write less.", "Eso es más de lo que esta página acepta. Escribe menos, por favor.")),
            status: .contentTooLarge, close: true)
    }
}
