import ConveneCore
import ConveneSession
import Foundation

/// The REPL's side of the participants' page: /web on, off and status. The page reads the open
/// pulse and the headcount from the LiveSession and hands it every join and answer, so nothing
/// needs to be kept in step.
public final class WebController: @unchecked Sendable {
    let live: LiveSession
    let width: Int
    let defaultBind: String?
    var server: WebServer?
    /// One desk a session: its join code outlives /web off. The key is the session's own.
    var desk: JoinDesk?
    var startedAt: Date?
    /// The address /web on was given, so that /web on after /web off resumes the same page.
    var lastBind: String?
    var warnedNoVisits = false

    let returnMemory: @Sendable () -> Void

    public init(live: LiveSession, width: Int, defaultBind: String? = nil, returnMemory: @escaping @Sendable () -> Void = {}) {
        self.returnMemory = returnMemory
        self.live = live
        self.width = width
        self.defaultBind = defaultBind
    }

    /// Serving phones: started and not paused by /web off.
    public var isRunning: Bool { server?.isRunning == true && desk?.isPaused != true }

    public func perform(_ action: Command.WebAction) throws(WebError) -> [OutputLine] {
        switch action {
        case .off:
            // Paused, not closed: phones that have the page open keep trying by themselves and come
            // back at /web on, where a closed port would leave them on the browser's error page.
            guard server != nil, let desk, !desk.isPaused else { return [.dim("The participants' page is not running.")] }
            desk.isPaused = true
            try remember(serving: false)
            return [
                OutputLine(
                    "The participants' page is off: it takes no joins or answers, and phones that have it open wait and come back by themselves at /web on (same code; a phone that answered a pulse still cannot answer it twice).",
                    .success)
            ]
        case .status:
            guard let server, isRunning else { return [.dim("The participants' page is off: /web on serves it.")] }
            return joinLines(server)
        case .newCode:
            guard let desk else { return [.dim("The participants' page has not been served yet: /web on makes its code.")] }
            let code = desk.newCode()
            try remember(serving: server != nil)
            var lines: [OutputLine] = [
                OutputLine("New join code \(code): the old code and its QR code no longer let a phone in; phones already in stay in.", .success)
            ]
            if let server, isRunning { lines += joinLines(server) }
            return lines
        case .on(let bind):
            if let server, isRunning { return [.dim("The participants' page is already on.")] + joinLines(server) }
            if let server, let desk, desk.isPaused {
                if bind == nil || bind == lastBind {
                    desk.isPaused = false
                    try remember(serving: true)
                    return joinLines(server) + reachLines(server)
                }
                // Another address: the paused page there closes, phones are told the new one.
                server.stop()
                self.server = nil
                desk.isPaused = false
            }
            let desk: JoinDesk
            do {
                // After a stop the door is the one the room already has: same code, same key.
                desk = try self.desk ?? JoinDesk(live: live, code: live.webDoor()?.code)
            } catch {
                throw WebError("\(error)", kind: FailureKind(of: error))
            }
            self.desk = desk
            let server = WebServer(desk: desk, returnMemory: returnMemory)
            let done = DispatchSemaphore(value: 0)
            let outcome = Box()
            Task {
                do { try await server.start(bind: bind ?? defaultBind) } catch { outcome.error = error }
                done.signal()
            }
            done.wait()
            if let error = outcome.error { throw error as? WebError ?? WebError("\(error)") }
            self.server = server
            try remember(serving: true)
            lastBind = bind
            startedAt = Date()
            warnedNoVisits = false
            var lines = joinLines(server)
            if let present = live.room.headcount {
                lines.append(.dim("Up to \(present) phones can join, one per person present (/present N changes it)."))
            }
            lines += reachLines(server)
            return lines
        }
    }

    final class Box: @unchecked Sendable { var error: (any Error)? }

    /// The code and whether the page serves, kept in the store for a resume.
    func remember(serving: Bool) throws(WebError) {
        guard let desk else { return }
        do {
            try live.rememberWebDoor(code: desk.code, serving: serving)
        } catch {
            throw WebError("\(error)", kind: FailureKind(of: error))
        }
    }

    /// Whether phones can reach the page, and how to try it from this laptop.
    func reachLines(_ server: WebServer) -> [OutputLine] {
        var lines: [OutputLine] = []
        if let local = server.localURL, !server.isLoopbackOnly {
            lines.append(.dim("To try it on this laptop: \(local)"))
        }
        if server.isLoopbackOnly {
            lines.append(
                .dim(
                    "Served on this laptop only (\(server.bindAddress)), as asked: phones cannot reach it. /web off, then /web on without an address, serves the room's Wi-Fi."
                ))
        } else if server.host.hasPrefix("127.") {
            lines.append(
                OutputLine(
                    "This laptop has no network address phones could reach. Connect to the room's Wi-Fi and /web on again, or use /pass to pass the keyboard.",
                    .warning))
        } else if !server.selfCheck() {
            lines.append(
                OutputLine(
                    "The page does not answer on \(server.host):\(server.port) even from this laptop: a firewall is probably blocking the port. Allow it, or use /pass.",
                    .warning))
        } else {
            lines.append(
                .dim(
                    "If phones cannot open the page, guest Wi-Fi is probably keeping devices apart (client isolation) or a firewall blocks port \(server.port): use /pass to pass the keyboard instead."
                ))
        }
        return lines
    }

    func joinLines(_ server: WebServer) -> [OutputLine] {
        var lines: [OutputLine] = [
            .heading("Participants: open \(server.url)"),
            OutputLine("or go to http://\(server.host):\(server.port) and type the code \(server.desk.code)", .emphasis),
        ]
        if let qr = QRCode.lines(for: server.url, width: width) {
            lines += qr.map { OutputLine($0, wraps: false) }
        } else {
            lines.append(.dim("(the terminal is too narrow for the QR code; widen it and type /web)"))
        }
        return lines
    }

    /// Stops the page when the facilitator leaves with the session open. The store still says it was
    /// serving, so the resume offers it again with the same code.
    public func leave() -> [OutputLine] {
        guard let server, let desk else { return [] }
        server.stop()
        self.server = nil
        // A page paused by /web off stays off after the resume too: nothing to say.
        guard !desk.isPaused else { return [] }
        return [
            OutputLine(
                "The participants' page is off until convene resume; /web on then serves it with the same code (\(desk.code)), and phones that joined keep their place.",
                .success)
        ]
    }

    /// Stops the page when the session has ended; the session's key went with the /end.
    public func sessionEnded() {
        server?.stop()
        server = nil
        desk = nil
    }

    public func notices() -> [String] {
        guard let server else { return [] }
        var lines = server.desk.takeNotices()
        if !warnedNoVisits, let startedAt, Date().timeIntervalSince(startedAt) > 120, server.desk.openPulse != nil, server.desk.visits == 0 {
            warnedNoVisits = true
            lines.append(
                "No phone has opened the page in two minutes. Guest Wi-Fi often keeps devices apart, or a firewall blocks port \(server.port): /pass runs a pass-the-keyboard round instead."
            )
        }
        return lines
    }
}
