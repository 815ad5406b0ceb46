import ConveneCore
import ConveneSession
import Crypto
import Foundation

/// The participants' page's door: the join code, the device tokens it hands out (and the ballot and
/// form tokens signed with the same key), the failed-code limiter (addresses only for its one-minute
/// window, in memory) and the visit counter. The open pulse, the headcount and every answer belong
/// to the LiveSession.
public final class JoinDesk: @unchecked Sendable {

    struct State {
        var code: String
        var failures: [Date] = []
        var notices: [String] = []
        var visits = 0
        var attempts: [String: [Date]] = [:]
        var allowedHosts: Set<String> = []
        /// Addresses that hold a device, in memory for the session only (never stored or shown).
        var joinedFrom: Set<String> = []
        /// The devices minted since /web on, so that no two phones draw the same one.
        var minted: Set<String> = []
        /// `/web off`: the page still answers, with a page that tries again by itself.
        var paused = false
    }

    /// The session: the only door for answers and joins, and the one place that knows the open
    /// pulse and the headcount (no copy to keep in step).
    public let live: LiveSession
    public var sessionID: Int64 { live.sessionID }
    /// HMAC key for device tokens, ballots and form tokens: the session's, kept through a crash
    /// (a phone that answered is still refused after a resume) and deleted at /end.
    let key: SymmetricKey
    private let lock = NSLock()
    private var state: State

    public static let maxFailuresPerMinute = 10
    /// Wrong codes from everyone in a minute past which each wrong code is answered slowly.
    public static let slowAfterFailures = 100
    public static let slowAnswer: Duration = .seconds(1)

    public init(live: LiveSession, code: String? = nil) throws(SessionError) {
        self.live = live
        key = SymmetricKey(data: try live.webSecret().key)
        state = State(code: code ?? Self.newCode())
    }

    static func newCode() -> String {
        var random = SystemRandomNumberGenerator()
        return String(format: "%06d", Int.random(in: 0...999_999, using: &random))
    }

    func with<T>(_ body: (inout State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }

    public var code: String { with { $0.code } }

    /// The pulse phones may answer now, read from the session itself.
    public var openPulse: (number: Int, question: PulseQuestion)? {
        let room = live.room
        guard !room.ended else { return nil }
        return room.open
    }

    /// Whether `/web off` has paused the page: every request gets the paused page, which comes back
    /// by itself once `/web on` resumes it; no joins, no answers meanwhile.
    public var isPaused: Bool {
        get { with { $0.paused } }
        set { with { $0.paused = newValue } }
    }

    public func setAllowedHosts(_ hosts: Set<String>) { with { $0.allowedHosts = hosts } }

    func isAllowedHost(_ host: String?) -> Bool {
        with { state in
            guard let host else { return false }
            return state.allowedHosts.isEmpty || state.allowedHosts.contains(host.lowercased())
        }
    }

    /// Lines for the REPL to show: many wrong codes, a room that is full.
    public func takeNotices() -> [String] {
        with { state in
            defer { state.notices = [] }
            return state.notices
        }
    }

    /// Adds a line for the REPL, once while it is waiting to be shown.
    func addNotice(_ line: String) { with { if !$0.notices.contains(line) { $0.notices.append(line) } } }

    public var visits: Int { with { $0.visits } }

    func recordVisit() { with { $0.visits += 1 } }

    func isClosed(_ pulse: Int) -> Bool { live.isClosed(pulse: pulse) }

    enum CodeCheck: Equatable {
        case accepted
        /// Wrong; `slow` when the room as a whole is seeing many wrong codes.
        case wrong(slow: Bool)
        case throttled
    }

    /// Checks a join code: wrong codes are limited per client to 10 a minute; when everyone together
    /// sends more than 100 in a minute, wrong codes are answered slowly. A right code is never
    /// refused for others' failures, and the code changes only when the facilitator asks.
    func check(code: String, client: String, now: Date) -> CodeCheck {
        check(client: client, now: now) { $0.code == code.trimmingCharacters(in: .whitespaces) }
    }

    /// The limiter every code typed on the page goes through (join codes and rejoin codes alike).
    private func check(client: String, now: Date, right: (State) -> Bool) -> CodeCheck {
        with { state in
            let recent = (state.attempts[client] ?? []).filter { now.timeIntervalSince($0) < 60 }
            state.attempts[client] = recent.isEmpty ? nil : recent
            if recent.count >= Self.maxFailuresPerMinute { return .throttled }
            if right(state) { return .accepted }
            state.attempts[client] = recent + [now]
            // Only whether more than the limit fell in the last minute matters: keep that many.
            state.failures = Array((state.failures.drop(while: { now.timeIntervalSince($0) >= 60 }) + [now]).suffix(Self.slowAfterFailures + 1))
            if state.attempts.count > 1_024 {
                state.attempts = state.attempts.filter { $0.value.contains { now.timeIntervalSince($0) < 60 } }
            }
            if state.failures.count == Self.slowAfterFailures {
                state.notices.append(
                    "Many wrong join codes from phones (\(Self.slowAfterFailures) in a minute): wrong codes are now answered slowly. The code still works; /web code makes a new one if you want."
                )
            }
            return .wrong(slow: state.failures.count > Self.slowAfterFailures)
        }
    }

    /// Checks a rejoin code typed by a phone that lost its cookie: the device it names, or why not
    /// (wrong ones count against the same limit as wrong join codes).
    func rejoin(typed: String, client: String, now: Date) -> (CodeCheck, device: String?) {
        let device = device(fromRejoin: typed)
        return (check(client: client, now: now) { _ in device != nil }, device)
    }

    /// The laptop's own address (the facilitator trying the page) and a request without one (the
    /// router tests) are not held to one device: a participant is never on the laptop's loopback.
    static let unlimitedClients: Set<String> = ["127.0.0.1", "::1", "local"]

    /// Takes the one device place of an address: a phone that clears its cookies comes back from
    /// the same address and would otherwise take the places of the people beside it.
    func reserveDevice(client: String) -> Bool {
        if Self.unlimitedClients.contains(client) { return true }
        return with { $0.joinedFrom.insert(client).inserted }
    }

    /// Gives the place back when the room turned out full.
    func releaseDevice(client: String) {
        _ = with { $0.joinedFrom.remove(client) }
    }

    /// A new join code, at the facilitator's request; phones already in keep their device.
    public func newCode() -> String {
        with { state in
            var next = Self.newCode()
            while next == state.code { next = Self.newCode() }
            state.code = next
            state.failures = []
            return next
        }
    }

    /// A new device: its rejoin code (six random characters and three of the session's signature
    /// over them), and its token, the code signed with the session's key. A phone that loses the
    /// cookie types the code to get the same device back, so its ballots stay its own; a code cannot
    /// be made up (one guess in 27,000 passes, and guesses are limited like join codes), and the
    /// room's places are handed out by the session (`GroupCommitter.join`), not here.
    func mintDevice() -> String {
        var random = SystemRandomNumberGenerator()
        let device: String = with { state in
            while true {
                let drawn = String((0..<6).map { _ in Self.rejoinAlphabet.randomElement(using: &random)! })
                let device = drawn + rejoinCheck(drawn)
                if state.minted.insert(device).inserted { return device }
            }
        }
        return token(device: device)
    }

    func token(device: String) -> String { device + "." + mac("device|\(device)").prefix(32) }

    /// What is read off a phone's screen and typed back: no 0/O, 1/I/L or U to mistake.
    static let rejoinAlphabet = Array("23456789ABCDEFGHJKMNPQRSTVWXYZ")

    func rejoinCheck(_ drawn: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("rejoin|\(drawn)".utf8), using: key)
        return String(code.prefix(3).map { Self.rejoinAlphabet[Int($0) % Self.rejoinAlphabet.count] })
    }

    /// The device of a rejoin code as typed ("abc-def-ghj", "ABC DEF GHJ"), when it is one this
    /// session made.
    func device(fromRejoin typed: String) -> String? {
        let code = String(typed.uppercased().filter { $0 != "-" && $0 != " " })
        guard code.count == 9, code.allSatisfy(Self.rejoinAlphabet.contains) else { return nil }
        return Self.same(code.suffix(3), rejoinCheck(String(code.prefix(6)))) ? code : nil
    }

    /// A device's rejoin code as shown: "ABC-DEF-GHJ" (nil for a device minted before there were any).
    static func rejoinCode(device: String) -> String? {
        guard device.count == 9 else { return nil }
        let characters = Array(device)
        return [characters[0..<3], characters[3..<6], characters[6..<9]].map { String($0) }.joined(separator: "-")
    }

    /// The device of a valid device token of this session, else nil (a 32-digit nonce is a token
    /// minted before rejoin codes, still honoured through a resume).
    func device(from token: String?) -> String? {
        guard let token, let dot = token.firstIndex(of: ".") else { return nil }
        let device = String(token[..<dot])
        let signature = token[token.index(after: dot)...]
        guard device.count == 9 || device.count == 32, Self.same(signature, mac("device|\(device)").prefix(32)) else { return nil }
        return device
    }

    /// Compares signatures in a time that does not depend on where they differ, so a phone on the
    /// network cannot guess a valid token byte by byte from response times.
    static func same(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return zip(a.utf8, b.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    func formToken(device: String, pulse: Int) -> String { String(mac("form|\(device)|\(pulse)").prefix(32)) }

    /// The ballot of a device for a pulse: a keyed hash with no link to the answer.
    func ballot(device: String, pulse: Int) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data("ballot|\(sessionID)|\(device)|\(pulse)".utf8), using: key))
    }

    func mac(_ text: String) -> String {
        Self.hex(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key))
    }

    /// Lowercase hex. String(format:) per byte cost a quarter of every answer's time (perf).
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
