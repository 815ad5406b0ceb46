import Hummingbird

/// Refuses, before any route runs, the requests a phone on the meeting's page never sends: another
/// Host (a page of some other site reaching this laptop through the browser), two Host headers (a
/// proxy and the server could read different ones), and a body declared larger than the page
/// accepts (answered at once, rather than waited for); while the page is paused (`/web off`) every
/// request gets a page that tries again by itself. A path that does not exist gets a page that
/// leads back to the meeting, never a bare error.
struct RequestGuard: RouterMiddleware {
    typealias Context = WebContext
    let desk: JoinDesk

    static let host = HTTPFields.Element.Name("Host")!

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var pages: WebPages { WebRouter.pages(for: request) }
        if !request.headers[values: Self.host].isEmpty {
            return WebRouter.html(
                pages.message(
                    pages.t("Not allowed", "No permitido"), pages.t("This request had two Host headers.", "Esta solicitud tenía dos cabeceras Host."),
                    next: "/"), status: .badRequest, close: true)
        }
        guard desk.isAllowedHost(request.head.authority) else {
            return WebRouter.html(
                pages.message(
                    pages.t("Not allowed", "No permitido"),
                    pages.t(
                        "Open the meeting's page at the address on the facilitator's screen.",
                        "Abre la página de la reunión en la dirección que aparece en la pantalla de quien facilita."), next: "/"), status: .forbidden)
        }
        if desk.isPaused {
            // A GET tries the same address again (a waiting phone its /pulse); a form goes on to
            // the question, since its token would be stale by then.
            let retry = request.method == .get ? request.uri.path : "/pulse"
            var response = WebRouter.html(pages.paused(retry: retry), status: .serviceUnavailable, close: request.method != .get)
            response.headers[.retryAfter] = "5"
            return response
        }
        if let declared = request.headers[.contentLength], Int(declared).map({ $0 > WebRouter.maxBody }) ?? true {
            return WebRouter.tooLarge(pages)
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            return WebRouter.html(
                pages.message(
                    pages.t("Nothing here", "Aquí no hay nada"),
                    pages.t(
                        "This page does not exist. The meeting's question is a tap away.",
                        "Esta página no existe. La pregunta de la reunión está a un toque."), next: "/"), status: .notFound)
        }
    }
}
