import ConveneCore
import ConveneStore
import Foundation

/// The REPL's side of the participants' page: /web on, off and status, and keeping the page in
/// step with the session. Its board, and with it the ballot key, goes when the session ends.
public final class WebController: @unchecked Sendable {
    let store: AppDatabase
    let sessionID: Int64
    let width: Int
    let defaultBind: String?
    var server: WebServer?
    /// One board a session: its device key and ballots outlive /web off, so a phone cannot answer a
    /// pulse again after /web on. It goes when the session ends.
    var board: PulseBoard?
    var startedAt: Date?
    var warnedNoVisits = false

    public init(store: AppDatabase, sessionID: Int64, width: Int, defaultBind: String? = nil) {
        self.store = store
        self.sessionID = sessionID
        self.width = width
        self.defaultBind = defaultBind
    }

    public var isRunning: Bool { server?.isRunning == true }

    public func perform(_ action: Command.WebAction, state: SessionState) throws(WebError) -> [OutputLine] {
        switch action {
        case .off:
            guard let server else { return [.dim("The participants' page is not running.")] }
            server.stop()
            self.server = nil
            return [OutputLine("The participants' page is off; /web on serves it again with the same code, and a phone that answered a pulse still cannot answer it twice.", .success)]
        case .status:
            guard let server else { return [.dim("The participants' page is off: /web on serves it.")] }
            return joinLines(server)
        case .on(let bind):
            if let server { return [.dim("The participants' page is already on.")] + joinLines(server) }
            let board = self.board ?? PulseBoard(sessionID: sessionID)
            self.board = board
            let server = WebServer(board: board, store: store)
            let done = DispatchSemaphore(value: 0)
            let outcome = Box()
            Task {
                do { try await server.start(bind: bind ?? defaultBind) } catch { outcome.error = error }
                done.signal()
            }
            done.wait()
            if let error = outcome.error { throw error as? WebError ?? WebError("\(error)") }
            self.server = server
            startedAt = Date()
            warnedNoVisits = false
            sync(state)
            var lines = joinLines(server)
            if server.host.hasPrefix("127.") {
                lines.append(OutputLine("This laptop has no network address phones could reach (only \(server.host)). Connect to the room's Wi-Fi and /web on again, or use /pass to pass the keyboard.", .warning))
            } else if !server.selfCheck() {
                lines.append(OutputLine("The page does not answer on \(server.host):\(server.port) even from this laptop: a firewall is probably blocking the port. Allow it, or use /pass.", .warning))
            } else {
                lines.append(.dim("If phones cannot open the page, guest Wi-Fi is probably keeping devices apart (client isolation) or a firewall blocks port \(server.port): use /pass to pass the keyboard instead."))
            }
            return lines
        }
    }

    final class Box: @unchecked Sendable { var error: (any Error)? }

    func joinLines(_ server: WebServer) -> [OutputLine] {
        var lines: [OutputLine] = [
            .heading("Participants: open \(server.url)"),
            OutputLine("or go to http://\(server.host):\(server.port) and type the code \(server.board.code)", .emphasis),
        ]
        if let qr = QRCode.lines(for: server.url, width: width) {
            lines += qr.map { OutputLine($0, wraps: false) }
        } else {
            lines.append(.dim("(the terminal is too narrow for the QR code; widen it and type /web)"))
        }
        return lines
    }

    /// Keeps the page's open pulse and headcount in step with the session.
    public func sync(_ state: SessionState) {
        guard let server else { return }
        let open = state.openPulse.map { PulseBoard.OpenPulse(number: $0.number, question: $0.question) }
        server.board.update(open: open, closed: state.pulses.filter(\.isClosed).map(\.number), headcount: state.headcount)
        if state.isEnded {
            server.stop()
            self.server = nil
            board = nil
        }
    }

    /// Phone answers to a pulse so far, counted in memory by the page.
    public func answered(pulse: Int) -> Int { server?.board.answeredCount(pulse: pulse) ?? 0 }

    public func notices() -> [String] {
        guard let server else { return [] }
        var lines = server.board.takeNotices()
        if !warnedNoVisits, let startedAt, Date().timeIntervalSince(startedAt) > 120, server.board.openPulse != nil, server.board.visits == 0 {
            warnedNoVisits = true
            lines.append("No phone has opened the page in two minutes. Guest Wi-Fi often keeps devices apart, or a firewall blocks port \(server.port): /pass runs a pass-the-keyboard round instead.")
        }
        return lines
    }
}
