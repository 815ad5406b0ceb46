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
            .choices { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; border: 0; padding: 0; }
            .choices label { flex: 1 1 3.5rem; min-height: 3.2rem; display: flex; align-items: center; justify-content: center; border: 2px solid #8391a7; border-radius: .6rem; background: #fff; font-size: 1.2rem; cursor: pointer; }
            .choices input { position: absolute; opacity: 0; }
            .choices input:checked + span { font-weight: 700; } .choices label:has(input:checked) { background: #1f5fa8; color: #fff; border-color: #1f5fa8; }
            .choices input:focus-visible + span { outline: 3px solid #f0b400; }
            .labels { display: flex; justify-content: space-between; color: #4b5668; font-size: .95rem; }
            textarea, input[type=text], input[inputmode=numeric] { width: 100%; box-sizing: border-box; font-size: 1.1rem; padding: .6rem; border: 2px solid #8391a7; border-radius: .5rem; }
            button { width: 100%; min-height: 3.2rem; margin-top: 1rem; font-size: 1.2rem; border: 0; border-radius: .6rem; background: #1f5fa8; color: #fff; }
            .note { color: #4b5668; font-size: .95rem; } .lang { text-align: right; font-size: .95rem; }
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

    func join(error: String? = nil) -> String {
        page(
            t("Join", "Entrar"),
            """
            <h1>\(t("Join the meeting", "Entra a la reunión"))</h1>
            \(error.map { "<p class=\"error\" role=\"alert\">\(Self.escape($0))</p>" } ?? "")
            <form method="post" action="/join">
            <label for="code">\(t("The 6-digit code on the facilitator's screen", "El código de 6 dígitos en la pantalla de quien facilita"))</label>
            <input id="code" name="code" inputmode="numeric" pattern="[0-9]*" maxlength="6" autocomplete="off" required>
            <button type="submit">\(t("Join", "Entrar"))</button>
            </form>
            """)
    }

    func waiting(answered: Bool = false) -> String {
        page(
            t("Waiting", "Esperando"),
            """
            \(answered ? "<p>" + t("Your answer to this question is in. Thank you!", "Tu respuesta a esta pregunta ya está guardada. ¡Gracias!") + "</p>" : "")
            <h1>\(t("Waiting for the next question", "Esperando la próxima pregunta"))</h1>
            <p>\(t("This page refreshes by itself.", "Esta página se actualiza sola."))</p>
            """, refresh: (5, "/pulse"))
    }

    /// The reply to every answer; WebRouter keeps its bytes, built once per language.
    func thanks() -> String {
        page(
            t("Thank you", "Gracias"),
            """
            <h1>\(t("Thank you", "Gracias"))</h1>
            <p>\(t("Your answer is saved, anonymously. The next question will appear here.", "Tu respuesta está guardada, de forma anónima. La próxima pregunta aparecerá aquí."))</p>
            """, refresh: (5, "/pulse"))
    }

    /// A message with a way on: the link (and the refresh, when there is one) go to `next`.
    func message(_ title: String, _ text: String, refresh: Int? = nil, next: String = "/pulse") -> String {
        page(
            title,
            "<h1>\(Self.escape(title))</h1>\n<p>\(Self.escape(text))</p>\n<p><a href=\"\(Self.escape(next))\">\(t("Continue", "Continuar"))</a></p>",
            refresh: refresh.map { ($0, next) })
    }

    func question(_ pulse: (number: Int, question: PulseQuestion), token: String, error: String? = nil) -> String {
        let q = pulse.question
        let text = q.text(in: language)
        var form = ""
        if let segments = q.segments {
            // The segment question comes first; the value sent is the choice's number, never its words.
            form += "<fieldset class=\"choices segment\"><legend class=\"question\">\(Self.escape(segments.question(in: language)))</legend>\n"
            for (index, choice) in segments.choices.enumerated() {
                form +=
                    "<label><input type=\"radio\" name=\"segment\" value=\"\(index + 1)\" required><span>\(Self.escape(segments.name(choice, in: language)))</span></label>\n"
            }
            form +=
                "</fieldset>\n<p class=\"note\">\(t("Only each group's total is used, and only when it is large enough that no one answer can be recognized.", "Solo se usa el total de cada grupo, y solo si es lo bastante grande para que ninguna respuesta se pueda reconocer."))</p>\n"
        }
        switch q.answer {
        case .scale where q.stance != nil:
            // A stance: every level by its name, most support first, in the phone's language.
            form += "<fieldset class=\"choices stance\"><legend class=\"question\">\(Self.escape(text))</legend>\n"
            for level in q.stance!.levels {
                form +=
                    "<label><input type=\"radio\" name=\"value\" value=\"\(level.value)\" required><span>\(Self.escape(level.name(in: language)))</span></label>\n"
            }
            form += "</fieldset>\n" + comment()
        case .scale:
            let scale = q.scale ?? .init(min: 1, max: 5, lowLabel: "", highLabel: "")
            let labels = scale.labels(in: language)
            form += "<fieldset class=\"choices\"><legend class=\"question\">\(Self.escape(text))</legend>\n"
            for value in scale.min...scale.max {
                form +=
                    "<label><input type=\"radio\" name=\"value\" value=\"\(value)\" required aria-label=\"\(value)\"><span>\(value)</span></label>\n"
            }
            form +=
                "</fieldset>\n<div class=\"labels\"><span>\(scale.min) \(Self.escape(labels.low))</span><span>\(scale.max) \(Self.escape(labels.high))</span></div>\n"
            form += comment()
        case .traffic:
            form += "<fieldset class=\"choices\"><legend class=\"question\">\(Self.escape(text))</legend>\n"
            for light in PulseAnswer.Traffic.allCases {
                form +=
                    "<label><input type=\"radio\" name=\"traffic\" value=\"\(light.rawValue)\" required><span>\(light.name(in: language))</span></label>\n"
            }
            form += "</fieldset>\n" + comment()
        case .words:
            form +=
                "<label class=\"question\" for=\"words\">\(Self.escape(text))</label>\n<p class=\"note\">\(t("Up to three words.", "Hasta tres palabras."))</p>\n"
            form += "<input type=\"text\" id=\"words\" name=\"words\" maxlength=\"100\" required>\n"
        case .text:
            form += "<label class=\"question\" for=\"text\">\(Self.escape(text))</label>\n"
            form += "<textarea id=\"text\" name=\"text\" rows=\"5\" maxlength=\"500\" required></textarea>\n"
        }
        return page(
            t("Question", "Pregunta"),
            """
            \(error.map { "<p class=\"error\" role=\"alert\">\(Self.escape($0))</p>" } ?? "")
            <form method="post" action="/answer">
            <input type="hidden" name="pulse" value="\(pulse.number)">
            <input type="hidden" name="token" value="\(token)">
            \(form)
            <button type="submit">\(t("Send", "Enviar"))</button>
            </form>
            """)
    }

    func comment() -> String {
        "<label for=\"comment\">\(t("Comment (optional)", "Comentario (opcional)"))</label>\n<textarea id=\"comment\" name=\"comment\" rows=\"3\" maxlength=\"500\"></textarea>\n"
    }
}
