import ConveneCore
import Foundation

/// The participants' pages: server-rendered HTML that works without JavaScript, large touch
/// targets, readable on a phone, in English and Spanish.
struct WebPages: Sendable {
    let language: ParticipantLanguage

    /// English or Spanish by the `cv_lang` cookie, then the browser's Accept-Language: the first of
    /// its languages that the page speaks, by the weights the browser gives.
    static func language(cookie: String?, acceptLanguage: String?) -> ParticipantLanguage {
        if let cookie, let chosen = ParticipantLanguage(rawValue: cookie) { return chosen }
        var best: (ParticipantLanguage, Double)?
        for (index, part) in (acceptLanguage ?? "").split(separator: ",").enumerated() {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let tag = fields.first,
                let language = ParticipantLanguage.allCases.first(where: { tag == $0.rawValue || tag.hasPrefix($0.rawValue + "-") })
            else { continue }
            let weight = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            // Equal weights keep the browser's order.
            let score = weight - Double(index) * 1e-6
            if best == nil || score > best!.1 { best = (language, score) }
        }
        return best?.0 ?? .en
    }

    func t(_ en: String, _ es: String) -> String { language.pick(en, es) }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// A page; `refresh` names where it goes by itself, always a page that exists (never the URL
    /// a form was posted to).
    func page(_ title: String, _ body: String, refresh: (seconds: Int, to: String)? = nil) -> String {
        let other = language == .es ? "en" : "es"
        let otherName = language == .es ? "English" : "Español"
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            \(refresh.map { "<meta http-equiv=\"refresh\" content=\"\($0.seconds); url=\(Self.escape($0.to))\">" } ?? "")
            <title>\(Self.escape(title)) · Convene</title>
            <style>
            body { font: 18px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; padding: 1rem; color: #17202e; background: #fafbfc; }
            main { max-width: 34rem; margin: 0 auto; }
            h1 { font-size: 1.4rem; } .question { font-size: 1.3rem; font-weight: 600; }
            .choices { margin: 1rem 0; border: 0; padding: 0; min-width: 0; }
            .options { margin-top: .5rem; }
            .row { display: -webkit-box; display: -webkit-flex; display: flex; }
            .row .option { -webkit-box-flex: 1; -webkit-flex: 1 1 0; flex: 1 1 0; min-width: 0; }
            .row .option + .option { margin-left: .4rem; }
            .wrap { display: -webkit-flex; display: flex; -webkit-flex-wrap: wrap; flex-wrap: wrap; margin-left: -.4rem; }
            .wrap .option { -webkit-flex: 1 0 3.2rem; flex: 1 0 3.2rem; margin: 0 0 .4rem .4rem; }
            .column .option + .option { margin-top: .5rem; }
            .option { position: relative; }
            .option input { position: absolute; top: .5rem; left: .5rem; width: 1px; height: 1px; margin: 0; opacity: 0; }
            .option label { display: block; box-sizing: border-box; min-height: 3.2rem; padding: .7rem .3rem; border: 2px solid #8391a7; border-radius: .6rem; background: #fff; font-size: 1.2rem; line-height: 1.3; text-align: center; cursor: pointer; }
            .column label { padding: .7rem 1rem; font-size: 1.1rem; text-align: left; }
            .option input:checked + label { background: #1f5fa8; color: #fff; border-color: #1f5fa8; font-weight: 700; }
            .column input:checked + label:before { content: "\\2713\\00a0"; }
            .option input:focus + label { outline: 3px solid #f0b400; outline-offset: 2px; }
            .traffic label { font-size: 1.05rem; padding: .5rem .2rem; }
            .light { display: block; width: 1.4rem; height: 1.4rem; margin: 0 auto .2rem; border-radius: 50%; border: 2px solid #fff; }
            .green .light { background: #2e7d32; } .yellow .light { background: #f2b705; } .red .light { background: #c62828; }
            .labels { display: -webkit-flex; display: flex; -webkit-justify-content: space-between; justify-content: space-between; color: #4b5668; font-size: .95rem; }
            .labels span + span { text-align: right; margin-left: 1rem; }
            textarea, input[type=text], input[inputmode=numeric] { width: 100%; box-sizing: border-box; font-size: 1.1rem; padding: .6rem; border: 2px solid #8391a7; border-radius: .5rem; }
            button, .next { display: block; box-sizing: border-box; width: 100%; min-height: 3.2rem; margin-top: 1rem; padding: .7rem 1rem; font-size: 1.2rem; line-height: 1.5; text-align: center; text-decoration: none; border: 0; border-radius: .6rem; background: #1f5fa8; color: #fff; }
            .note { color: #4b5668; font-size: .95rem; } .lang { text-align: right; font-size: .95rem; margin: 0; }
            .lang a { display: inline-block; min-height: 2.75rem; min-width: 2.75rem; box-sizing: border-box; padding: .55rem .8rem; text-align: center; }
            .rejoin strong { font-family: ui-monospace, Menlo, Consolas, monospace; letter-spacing: .05em; }
            .error { background: #fde8e7; border-left: 5px solid #b3261e; padding: .5rem .8rem; }
            </style>
            </head>
            <body>
            <main>
            <p class="lang"><a href="/lang/\(other)" hreflang="\(other)" lang="\(other)">\(otherName)</a></p>
            \(body)
            <p class="note">\(t("Anonymous: your answer is stored without your name, your phone or the time. Results are shown only when enough people have answered.", "Anónimo: tu respuesta se guarda sin tu nombre, tu teléfono ni la hora. Los resultados se muestran solo cuando ha respondido suficiente gente."))</p>
            </main>
            </body>
            </html>
            """
    }

    func join(error: String? = nil, typed: String = "") -> String {
        page(
            t("Join", "Entrar"),
            """
            <h1>\(t("Join the meeting", "Entra a la reunión"))</h1>
            \(alert(error))
            <form method="post" action="/join">
            <label for="code">\(t("The 6-digit code on the facilitator's screen", "El código de 6 dígitos en la pantalla de quien facilita"))</label>
            <input id="code" name="code" inputmode="numeric" pattern="[0-9]*" maxlength="6" autocomplete="off" required value="\(Self.escape(typed))">
            <button type="submit">\(t("Join", "Entrar"))</button>
            </form>
            <p class="note"><a href="/rejoin">\(t("Joined before on this phone and lost the page? Use your rejoin code.", "¿Ya entraste con este teléfono y perdiste la página? Usa tu código para volver."))</a></p>
            """)
    }

    /// Where a phone that lost its cookie gets its place back (or learns it already joined).
    func rejoin(alreadyJoined: Bool = false, typed: String = "", error: String? = nil) -> String {
        page(
            t("Rejoin", "Volver a entrar"),
            """
            <h1>\(alreadyJoined ? t("Already joined", "Ya entraste") : t("Back to your place", "Vuelve a tu lugar"))</h1>
            \(alert(error))
            <p>\(alreadyJoined ? t("This phone has already joined. If its page was lost, type the rejoin code it showed under the question: you get your place back, and an answer you already sent still counts once.", "Este teléfono ya entró. Si perdiste la página, escribe el código para volver que aparecía bajo la pregunta: recuperas tu lugar, y una respuesta que ya enviaste sigue contando una sola vez.") : t("Type the rejoin code your page showed under the question: you get your place back, and an answer you already sent still counts once.", "Escribe el código para volver que tu página mostraba bajo la pregunta: recuperas tu lugar, y una respuesta que ya enviaste sigue contando una sola vez."))</p>
            <form method="post" action="/rejoin">
            <label for="rejoin">\(t("Rejoin code (like ABC-DEF-GHJ)", "Código para volver (como ABC-DEF-GHJ)"))</label>
            <input type="text" id="rejoin" name="rejoin" maxlength="20" autocomplete="off" autocapitalize="characters" spellcheck="false" required value="\(Self.escape(typed))">
            <button type="submit">\(t("Rejoin", "Volver a entrar"))</button>
            </form>
            <p class="note">\(t("No rejoin code? Ask the facilitator: you can answer at the laptop instead.", "¿No tienes el código? Pregunta a quien facilita: puedes responder en la computadora."))</p>
            """)
    }

    /// The line that lets a phone that loses its cookie come back to its own place.
    func rejoinLine(_ code: String?) -> String {
        guard let code else { return "" }
        return
            "<p class=\"note rejoin\">\(t("Your rejoin code", "Tu código para volver")): <strong>\(Self.escape(code))</strong>. \(t("If this page is lost, it brings this phone back to its place.", "Si pierdes esta página, devuelve este teléfono a su lugar."))</p>"
    }

    func alert(_ error: String?) -> String {
        error.map { "<p class=\"error\" role=\"alert\">\(Self.escape($0))</p>" } ?? ""
    }

    func waiting(answered: Bool = false, rejoin: String? = nil) -> String {
        page(
            t("Waiting", "Esperando"),
            """
            \(answered ? "<p>" + t("Your answer to this question is in. Thank you!", "Tu respuesta a esta pregunta ya está guardada. ¡Gracias!") + "</p>" : "")
            <h1>\(t("Waiting for the next question", "Esperando la próxima pregunta"))</h1>
            <p>\(t("This page refreshes by itself.", "Esta página se actualiza sola."))</p>
            \(rejoinLine(rejoin))
            """, refresh: (5, "/pulse"))
    }

    /// Where a thank-you page's rejoin code goes: WebRouter keeps the bytes on either side of it.
    static let rejoinMark = "\u{1}rejoin\u{1}"

    /// The reply to every answer; WebRouter keeps its bytes, built once per language, around the
    /// phone's rejoin line.
    func thanks() -> String {
        page(
            t("Thank you", "Gracias"),
            """
            <h1>\(t("Thank you", "Gracias"))</h1>
            <p>\(t("Your answer is saved, anonymously. The next question will appear here.", "Tu respuesta está guardada, de forma anónima. La próxima pregunta aparecerá aquí."))</p>
            \(Self.rejoinMark)
            """, refresh: (5, "/pulse"))
    }

    /// A message with a way on: the button (and the refresh, when there is one) go to `next`.
    func message(_ title: String, _ text: String, refresh: Int? = nil, next: String = "/pulse") -> String {
        page(
            title,
            "<h1>\(Self.escape(title))</h1>\n<p>\(Self.escape(text))</p>\n<p><a class=\"next\" href=\"\(Self.escape(next))\">\(t("Continue", "Continuar"))</a></p>",
            refresh: refresh.map { ($0, next) })
    }

    /// The page a paused page (`/web off`) gives every request: it tries the same address again by
    /// itself, so phones come back on `/web on` without anyone touching them.
    func paused(retry: String) -> String {
        page(
            t("Paused", "En pausa"),
            """
            <h1>\(t("The meeting's page is paused", "La página de la reunión está en pausa"))</h1>
            <p>\(t("The facilitator has paused it for a moment. Keep this page open: it tries again by itself.", "Quien facilita la pausó un momento. Deja esta página abierta: vuelve a intentarlo sola."))</p>
            """, refresh: (5, retry))
    }

    /// The open question as a form. `typed` is what the phone sent last time, shown again after an
    /// error so that nothing has to be chosen or typed twice.
    func question(
        _ pulse: (number: Int, question: PulseQuestion), token: String, error: String? = nil, typed: [String: String] = [:], rejoin: String? = nil
    ) -> String {
        let q = pulse.question
        let text = q.text(in: language)
        var form = ""
        if let segments = q.segments {
            // The segment question comes first; the value sent is the choice's number, never its words.
            let choices = segments.choices.enumerated().map { ("\($0.offset + 1)", Self.escape(segments.name($0.element, in: language)), "") }
            form += options(
                name: "segment", kind: "segment", legend: segments.question(in: language), choices: choices, layout: "column", typed: typed)
            form +=
                "<p class=\"note\">\(t("Only each group's total is used, and only when it is large enough that no one answer can be recognized.", "Solo se usa el total de cada grupo, y solo si es lo bastante grande para que ninguna respuesta se pueda reconocer."))</p>\n"
        }
        switch q.answer {
        case .scale where q.stance != nil:
            // A stance: every level by its name, most support first, in the phone's language.
            let choices = q.stance!.levels.map { ("\($0.value)", Self.escape($0.name(in: language)), "") }
            form += options(name: "value", kind: "stance", legend: text, choices: choices, layout: "column", typed: typed) + comment(typed)
        case .scale:
            let scale = q.scale ?? .init(min: 1, max: 5, lowLabel: "", highLabel: "")
            let labels = scale.labels(in: language)
            // One row, every option the same width, so no value looks like a different kind of
            // choice; both ends' words describe every option to a screen reader.
            let choices = (scale.min...scale.max).map { ("\($0)", "\($0)", "") }
            form += options(
                name: "value", kind: "scale", legend: text, choices: choices, layout: choices.count <= 7 ? "row" : "wrap", typed: typed,
                describedBy: "scale-low scale-high")
            form +=
                "<div class=\"labels\"><span id=\"scale-low\">\(scale.min) \(Self.escape(labels.low))</span><span id=\"scale-high\">\(scale.max) \(Self.escape(labels.high))</span></div>\n"
            form += comment(typed)
        case .traffic:
            let choices = PulseAnswer.Traffic.allCases.map {
                ($0.rawValue, "<span class=\"light\" aria-hidden=\"true\"></span>\($0.name(in: language))", $0.rawValue)
            }
            form += options(name: "traffic", kind: "traffic", legend: text, choices: choices, layout: "row", typed: typed) + comment(typed)
        case .words:
            form +=
                "<label class=\"question\" for=\"words\">\(Self.escape(text))</label>\n<p class=\"note\" id=\"words-hint\">\(t("Up to three words.", "Hasta tres palabras."))</p>\n"
            form +=
                "<input type=\"text\" id=\"words\" name=\"words\" maxlength=\"100\" required aria-describedby=\"words-hint\" value=\"\(Self.escape(typed["words"] ?? ""))\">\n"
        case .text:
            form += "<label class=\"question\" for=\"text\">\(Self.escape(text))</label>\n"
            form += "<textarea id=\"text\" name=\"text\" rows=\"5\" maxlength=\"500\" required>\(Self.escape(typed["text"] ?? ""))</textarea>\n"
        }
        return page(
            t("Question", "Pregunta"),
            """
            \(alert(error))
            <form method="post" action="/answer">
            <input type="hidden" name="pulse" value="\(pulse.number)">
            <input type="hidden" name="token" value="\(token)">
            \(form)
            <button type="submit">\(t("Send", "Enviar"))</button>
            </form>
            \(rejoinLine(rejoin))
            """)
    }

    /// A group of radios: each a real radio followed by its label, so the chosen one shows through
    /// `input:checked + label` in any browser (no `:has()`), and the label is the whole tap target.
    /// `choices`: value, label HTML, and a class for the option.
    func options(
        name: String, kind: String, legend: String, choices: [(value: String, label: String, kind: String)], layout: String,
        typed: [String: String], describedBy: String? = nil
    ) -> String {
        var html =
            "<fieldset class=\"choices \(kind)\"><legend class=\"question\">\(Self.escape(legend))</legend>\n<div class=\"options \(layout)\">\n"
        for choice in choices {
            let id = "\(name)-\(choice.value)"
            let checked = typed[name] == choice.value ? " checked" : ""
            let described = describedBy.map { " aria-describedby=\"\($0)\"" } ?? ""
            html +=
                "<div class=\"option \(choice.kind)\"><input type=\"radio\" id=\"\(id)\" name=\"\(name)\" value=\"\(choice.value)\" required\(checked)\(described)><label for=\"\(id)\">\(choice.label)</label></div>\n"
        }
        return html + "</div>\n</fieldset>\n"
    }

    func comment(_ typed: [String: String] = [:]) -> String {
        "<label for=\"comment\">\(t("Comment (optional)", "Comentario (opcional)"))</label>\n<textarea id=\"comment\" name=\"comment\" rows=\"3\" maxlength=\"500\">\(Self.escape(typed["comment"] ?? ""))</textarea>\n"
    }
}
