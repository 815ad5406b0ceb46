import ConveneCore
import ConveneStore
import Foundation
import Hummingbird

/// The routes of the participants' page. Every refusal is a clear page in the participant's
/// language; nothing about the device, address or time is stored with an answer.
public enum WebRouter {
    public static let maxBody = 8 * 1024
    public static let maxComment = PulseAnswer.maxTextLength

    public static func build(board: PulseBoard, committer: GroupCommitter) -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.get("/") { request, _ in
            let pages = pages(for: request)
            if board.device(from: request.cookies["cv_device"]?.value) != nil { return redirect("/pulse") }
            return html(pages.join())
        }
        router.get("/health") { _, _ in Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok"))) }
        router.get("/lang/:lang") { request, context in
            var response = redirect(request.cookies["cv_device"] == nil ? "/" : "/pulse")
            let lang = context.parameters.get("lang") == "es" ? "es" : "en"
            response.setCookie(Cookie(name: "cv_lang", value: lang, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        router.get("/j/:code") { request, context in
            await join(code: context.parameters.get("code") ?? "", request: request, context: context, board: board, committer: committer)
        }
        router.post("/join") { request, context in
            let pages = pages(for: request)
            guard board.isAllowedHost(request.head.authority), originMatches(request) else {
                return html(pages.message(pages.t("Not allowed", "No permitido"), pages.t("This form must be sent from the meeting's own page.", "Este formulario debe enviarse desde la página de la reunión.")), status: .forbidden)
            }
            var request = request
            guard let body = try? await request.collectBody(upTo: maxBody) else { return tooLarge(pages) }
            let form = FormDecoder.decode(String(buffer: body))
            return await join(code: form["code"] ?? "", request: request, context: context, board: board, committer: committer)
        }
        router.get("/pulse") { request, _ in
            let pages = pages(for: request)
            guard let device = board.device(from: request.cookies["cv_device"]?.value) else { return redirect("/") }
            board.recordVisit()
            guard let pulse = board.openPulse else { return html(pages.waiting()) }
            return html(pages.question(pulse, token: board.formToken(device: device, pulse: pulse.number)))
        }
        router.post("/answer") { request, _ in
            let pages = pages(for: request)
            guard board.isAllowedHost(request.head.authority), originMatches(request) else {
                return html(pages.message(pages.t("Not allowed", "No permitido"), pages.t("This form must be sent from the meeting's own page.", "Este formulario debe enviarse desde la página de la reunión.")), status: .forbidden)
            }
            guard let device = board.device(from: request.cookies["cv_device"]?.value) else { return redirect("/") }
            var request = request
            guard let body = try? await request.collectBody(upTo: maxBody) else { return tooLarge(pages) }
            let form = FormDecoder.decode(String(buffer: body))
            guard let number = form["pulse"].flatMap(Int.init) else {
                return html(pages.message(pages.t("Something went wrong", "Algo salió mal"), pages.t("Please open the question again.", "Abre la pregunta otra vez.")), status: .badRequest)
            }
            guard let token = form["token"], PulseBoard.same(token, board.formToken(device: device, pulse: number)) else {
                return html(pages.message(pages.t("Please try again", "Inténtalo otra vez"), pages.t("This form has expired. Open the question again.", "Este formulario caducó. Abre la pregunta otra vez.")), status: .forbidden)
            }
            guard let pulse = board.openPulse, pulse.number == number, !board.isClosed(number) else {
                return html(pages.message(pages.t("This question is closed", "Esta pregunta está cerrada"), pages.t("Answers are no longer taken for it. Wait for the next question.", "Ya no se aceptan respuestas. Espera la próxima pregunta."), refresh: 5), status: .gone)
            }
            if (form["comment"]?.count ?? 0) > maxComment || (form["text"]?.count ?? 0) > maxComment {
                return html(pages.question(pulse, token: token, error: pages.t("At most \(maxComment) characters, please.", "Como máximo \(maxComment) caracteres, por favor.")), status: .badRequest)
            }
            let answer: PulseAnswer
            do {
                answer = try PulseAnswer.parse(typed(form, for: pulse.question), for: pulse.question)
            } catch {
                return html(pages.question(pulse, token: token, error: pages.t("Please choose an answer.", "Elige una respuesta, por favor.")), status: .badRequest)
            }
            let result: AppDatabase.BallotResult
            do {
                result = try await committer.submit(answer, ballot: board.ballot(device: device, pulse: number), pulse: number)
            } catch {
                return html(pages.message(pages.t("Not saved", "No se guardó"), pages.t("Your answer could not be saved. Please tell the facilitator.", "No se pudo guardar tu respuesta. Avisa a quien facilita.")), status: .internalServerError)
            }
            switch result {
            case .accepted:
                return html(pages.thanks())
            case .full:
                return html(pages.message(pages.t("Everyone has answered", "Ya respondieron todos"), pages.t("This question already has an answer from every person present. If you have not answered, tell the facilitator.", "Esta pregunta ya tiene una respuesta de cada persona presente. Si no respondiste, avisa a quien facilita."), refresh: 5), status: .conflict)
            case .duplicate:
                return html(pages.message(pages.t("Already answered", "Ya respondiste"), pages.t("This phone has already answered this question. Thank you!", "Este teléfono ya respondió esta pregunta. ¡Gracias!"), refresh: 5), status: .conflict)
            case .closed:
                return html(pages.message(pages.t("This question is closed", "Esta pregunta está cerrada"), pages.t("Answers are no longer taken for it. Wait for the next question.", "Ya no se aceptan respuestas. Espera la próxima pregunta."), refresh: 5), status: .gone)
            }
        }
        return router
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

    static func join(code: String, request: Request, context: WebContext, board: PulseBoard, committer: GroupCommitter) async -> Response {
        let pages = pages(for: request)
        if board.device(from: request.cookies["cv_device"]?.value) != nil, code == board.code { return redirect("/pulse") }
        switch board.check(code: code, client: context.client, now: Date()) {
        case .throttled:
            return html(pages.join(error: pages.t("Too many wrong codes. Wait a minute and try again.", "Demasiados códigos incorrectos. Espera un minuto y vuelve a intentarlo.")), status: .tooManyRequests)
        case .wrong:
            return html(pages.join(error: pages.t("That code is not right. Check the facilitator's screen.", "Ese código no es correcto. Mira la pantalla de quien facilita.")), status: .unauthorized)
        case .accepted:
            if board.device(from: request.cookies["cv_device"]?.value) != nil { return redirect("/pulse") }
            // One device per person present: the session counts the tokens (none before a headcount).
            let granted: Bool
            do {
                granted = try await committer.join()
            } catch {
                return html(pages.message(pages.t("Not saved", "No se guardó"), pages.t("Joining did not work. Please tell the facilitator.", "No se pudo entrar. Avisa a quien facilita.")), status: .internalServerError)
            }
            guard granted else {
                if board.live.room.headcount == nil {
                    return html(pages.message(pages.t("Not open yet", "Todavía no está abierto"), pages.t("The facilitator has not counted the room yet. Try again in a moment.", "Quien facilita todavía no contó a las personas presentes. Inténtalo en un momento."), refresh: 10), status: .forbidden)
                }
                board.addNotice("A phone could not join: every person present already has one. If someone is missing, /present N with the real headcount lets them in.")
                return html(pages.message(pages.t("The room is full", "La sala está llena"), pages.t("Every person present already has a phone in. Ask the facilitator.", "Cada persona presente ya entró con un teléfono. Pregunta a quien facilita.")), status: .forbidden)
            }
            var response = redirect("/pulse")
            response.setCookie(Cookie(name: "cv_device", value: board.mintDevice(), path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
    }

    static func pages(for request: Request) -> WebPages {
        WebPages(language: WebPages.language(cookie: request.cookies["cv_lang"]?.value, acceptLanguage: request.headers[.acceptLanguage]))
    }

    /// A POST's Origin, when the browser sends one, must be this server.
    static func originMatches(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority else { return false }
        return origin.lowercased() == "http://\(host.lowercased())"
    }

    static func html(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                                          .init("Referrer-Policy")!: "same-origin", .init("X-Content-Type-Options")!: "nosniff",
                                          .init("Content-Security-Policy")!: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"],
                 body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    static func tooLarge(_ pages: WebPages) -> Response {
        html(pages.message(pages.t("Too long", "Demasiado largo"), pages.t("That was more than this page accepts. Please write less.", "Eso es más de lo que esta página acepta. Escribe menos, por favor.")), status: .contentTooLarge)
    }
}

