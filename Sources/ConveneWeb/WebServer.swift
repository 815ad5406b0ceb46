import ConveneCore
import ConveneStore
import Foundation
import Hummingbird
import Logging
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Serves the participants' page from inside the REPL process for the length of the session.
public final class WebServer: @unchecked Sendable {
    public let desk: JoinDesk
    private var task: Task<Void, any Error>?
    public private(set) var host = ""
    public private(set) var port = 0

    /// Gives freed memory back to the system after a burst of connections closes.
    let returnMemory: @Sendable () -> Void

    public init(desk: JoinDesk, returnMemory: @escaping @Sendable () -> Void = {}) {
        self.desk = desk
        self.returnMemory = returnMemory
    }

    public var isRunning: Bool { task != nil }

    public var url: String { "http://\(host):\(port)/j/\(desk.code)" }

    /// The laptop's first non-loopback IPv4 address, the one phones on the same network can reach.
    public static func lanAddress() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == UInt16(AF_INET),
                entry.pointee.ifa_flags & UInt32(IFF_UP) != 0, entry.pointee.ifa_flags & UInt32(IFF_LOOPBACK) == 0
            else { continue }
            var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ipv4 in
                var addr = ipv4.pointee.sin_addr
                _ = inet_ntop(AF_INET, &addr, &buffer, socklen_t(INET_ADDRSTRLEN))
            }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }

    /// Where phones are told to go: the LAN address the page is served on.
    public private(set) var bindAddress = ""

    /// Whether the page was bound to this laptop only (127.x), by the facilitator's choice.
    public var isLoopbackOnly: Bool { bindAddress.hasPrefix("127.") || bindAddress == "localhost" }

    /// Starts serving on `bind` ("ADDRESS[:PORT]"), or on every address at port 8080 (the next free
    /// port if taken), so that phones reach it at the LAN address and the facilitator can try it at
    /// 127.0.0.1. Returns once the server is listening.
    public func start(bind: String?) async throws {
        var address = "0.0.0.0"
        var ports = Array(8080...8099)
        if let bind, !bind.isEmpty {
            guard let parsed = WebBind(parsing: bind) else { throw WebError("/web on takes \(WebBind.usage) (got \(bind))", kind: .badInput) }
            if let chosen = parsed.address { address = chosen }
            if let port = parsed.port { ports = [port] }
        }
        let files = Self.raiseFileLimit()
        let warden = ConnectionWarden(limits: .forFileLimit(files), returnMemory: returnMemory)
        let committer = GroupCommitter(live: desk.live)
        let router = WebRouter.build(desk: desk, committer: committer)
        let shown = address == "0.0.0.0" ? (Self.lanAddress() ?? "127.0.0.1") : address
        var lastError: (any Error)?
        for candidate in ports {
            let started = AsyncStream<Int>.makeStream()
            let app = Application(
                router: router,
                server: .participants(warden: warden, timeouts: .init()),
                // A large convening arrives at once: the kernel's queue holds them until accepted.
                configuration: .init(address: .hostname(address, port: candidate), serverName: nil, backlog: 4096),
                onServerRunning: { channel in
                    // NIO accepts 4 connections per turn of the event loop by default: under a
                    // flood of new connections an honest phone would wait its turn for seconds.
                    try? await channel.setOption(ChannelOptions.maxMessagesPerRead, value: 256)
                    started.continuation.yield(channel.localAddress?.port ?? candidate)
                    started.continuation.finish()
                },
                logger: Logger(label: "convene-web", factory: { _ in SwiftLogNoOpLogHandler() })
            )
            let task = Task {
                defer { started.continuation.finish() }
                try await app.run()
            }
            if let port = await started.stream.first(where: { _ in true }) {
                self.task = task
                self.host = shown
                self.bindAddress = address
                self.port = port
                desk.setAllowedHosts(["\(shown):\(port)", "\(address):\(port)", "127.0.0.1:\(port)", "localhost:\(port)"])
                return
            }
            do { try await task.value } catch { lastError = error }
        }
        throw WebError(
            "could not serve the participants' page on \(address) (\(lastError.map { "\($0)" } ?? "no free port")): /web on ADDRESS:PORT picks another"
        )
    }

    /// Raises the open-file limit to its hard limit (each phone is a socket; 1,024 is a common
    /// default) and returns the limit now in force.
    static func raiseFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// The address to try the page at from this laptop, when it is served there too.
    public var localURL: String? {
        guard bindAddress == "0.0.0.0" || isLoopbackOnly else { return nil }
        return "http://127.0.0.1:\(port)/j/\(desk.code)"
    }

    public func stop() {
        task?.cancel()
        task = nil
    }

    /// Whether this laptop can reach its own page at the LAN address (a firewall on the laptop
    /// shows here; guest Wi-Fi isolating phones cannot be seen from here).
    public func selfCheck() -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
