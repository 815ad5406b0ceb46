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
        let router = Router(context: WebContext.self)
        // Before the routes: Hummingbird builds each route's chain of middleware when it is added.
        router.add(middleware: RequestGuard(desk: desk))
        router.get("/") { request, _ in
            let pages = pages(for: request)
            if desk.device(from: request.cookies["cv_device"]?.value) != nil { return redirect("/pulse") }
            return html(pages.join())
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
        router.get("/pulse") { request, _ in
            let pages = pages(for: request)
            guard let device = desk.device(from: request.cookies["cv_device"]?.value) else { return redirect("/") }
            desk.recordVisit()
            guard let pulse = desk.openPulse else { return html(pages.waiting()) }
            // A phone that has answered waits for the next question; it is not shown this one again.
            if (try? desk.live.store.hasBallot(desk.ballot(device: device, pulse: pulse.number))) == true {
                return html(pages.waiting(answered: true))
            }
            return html(pages.question(pulse, token: desk.formToken(device: device, pulse: pulse.number)))
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
            // Refused whole: a NUL or an escape would otherwise cut or change what was written.
            return html(
                pages.question(
                    pulse, token: token,
                    error: pages.t(
                        "Your answer had a character that cannot be kept (a control character, often from pasting). Please type it again.",
                        "Tu respuesta tenía un carácter que no se puede guardar (un carácter de control, suele venir de pegar texto). Escríbela otra vez."
                    )), status: .badRequest)
        }
        if (form["comment"]?.count ?? 0) > maxComment || (form["text"]?.count ?? 0) > maxComment {
            return html(
                pages.question(
                    pulse, token: token,
                    error: pages.t("At most \(maxComment) characters, please.", "Como máximo \(maxComment) caracteres, por favor.")),
                status: .badRequest)
        }
        var answer: PulseAnswer
        do {
            answer = try PulseAnswer.parse(typed(form, for: pulse.question), for: pulse.question, in: pages.language)
        } catch {
            return html(
                pages.question(pulse, token: token, error: pages.t("Please choose an answer.", "Elige una respuesta, por favor.")),
                status: .badRequest)
        }
        if let segments = pulse.question.segments {
            // Only a choice's number is taken: a segment the question does not offer is refused whole.
            guard let typed = form["segment"], Int(typed) != nil, let choice = segments.choice(typed) else {
                return html(
                    pages.question(
                        pulse, token: token,
                        error: pages.t(
                            "Please choose one of the groups (or “prefer not to say”).", "Elige uno de los grupos (o “prefiero no decirlo”).")),
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
            return html(thanks[pages.language]!)
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
                        "That code is not right. Check the facilitator's screen.", "Ese código no es correcto. Mira la pantalla de quien facilita.")),
                status: .unauthorized)
        case .accepted:
            if desk.device(from: request.cookies["cv_device"]?.value) != nil { return redirect("/pulse") }
            guard desk.reserveDevice(client: context.address) else {
                desk.addNotice(
                    "A phone that already joined tried to join again (its cookies were cleared?). If a participant lost their page, /pass lets them answer at the keyboard."
                )
                return html(
                    pages.message(
                        pages.t("Already joined", "Ya entraste"),
                        pages.t(
                            "This phone has already joined. If your page was lost, ask the facilitator.",
                            "Este teléfono ya entró. Si perdiste la página, pregunta a quien facilita."), next: "/"), status: .forbidden)
            }
            // One device per person present: the session counts the tokens (none before a headcount).
            let granted: Bool
            do {
                granted = try await committer.join()
            } catch {
                desk.releaseDevice(client: context.address)
                return html(
                    pages.message(
                        pages.t("Not saved", "No se guardó"),
                        pages.t("Joining did not work. Please tell the facilitator.", "No se pudo entrar. Avisa a quien facilita.")),
                    status: .internalServerError)
            }
            guard granted else {
                desk.releaseDevice(client: context.address)
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
            var response = redirect("/pulse")
            response.setCookie(Cookie(name: "cv_device", value: desk.mintDevice(), path: "/", httpOnly: true, sameSite: .strict))
            return response
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

    /// The thank-you page as bytes, per language: the reply to every answer.
    static let thanks: [ParticipantLanguage: ByteBuffer] = Dictionary(
        uniqueKeysWithValues: ParticipantLanguage.allCases.map {
            ($0, ByteBuffer(string: WebPages(language: $0).thanks()))
        })

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
