import DequeModule
import NIOCore
import NIOHTTP1

/// Sits right after NIO's HTTP/1 decoder, where the request's version is still known: it tells the
/// warden when a connection is handling a request (from its last body byte to its response: until
/// then a connection is as evictable as an idle one, so a slow body cannot hold a place), closes a
/// request whose body does not keep up a minimum rate (Hummingbird's idle timeout is reset by every
/// body part, so a byte every few seconds would hold the connection for ever), closes a client that
/// does not read its responses (a write timeout, and a bound on requests waiting for an answer), and
/// makes HTTP/1.0 without keep-alive and `Connection: close` in any spelling end the connection after
/// the response, as HTTP says.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    struct Limits: Sendable {
        /// A body gets this long before it must keep up `minimumRate`.
        var bodyGrace: TimeAmount = .seconds(3)
        /// Bytes a second a body must average after its grace: a form from the weakest phone
        /// arrives whole in one packet; one byte every few seconds is an attack.
        var minimumRate = 512
        /// However fast, a body must be whole within this.
        var bodyTimeout: TimeAmount = .seconds(10)
        /// How long a response may wait for the client to read it before the connection closes.
        var writeTimeout: TimeAmount = .seconds(5)
        /// Requests read and not yet answered: a browser sends one at a time, so more is a client
        /// queueing responses it may never read, and it is closed.
        var maxQueued = 8
    }

    let warden: ConnectionWarden
    let limits: Limits
    private var registered = false
    /// For each request read and not yet answered, whether the connection ends after its response
    /// (pipelined requests are answered in order; a later request's close must not cut earlier ones).
    private var closeAfter = Deque<Bool>()
    /// The parts of pipelined requests read while an earlier one is unanswered: handed on one
    /// request at a time, so a client that sends many and reads none costs one response, not many.
    private var held = Deque<HTTPServerRequestPart>()
    private var closingNow = false
    private var awaitingEnd = false
    private var bodyStarted = NIODeadline.now()
    private var bodyBytes = 0
    private var bodyDeadline: Scheduled<Void>?
    private var writeDeadline: Scheduled<Void>?

    init(warden: ConnectionWarden, limits: Limits = .init()) {
        self.warden = warden
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { register(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        register(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        unregister(context)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        unregister(context)
    }

    private func register(_ context: ChannelHandlerContext) {
        guard !registered else { return }
        registered = true
        warden.opened(context.channel)
    }

    private func unregister(_ context: ChannelHandlerContext) {
        bodyDeadline?.cancel()
        bodyDeadline = nil
        writeDeadline?.cancel()
        writeDeadline = nil
        guard registered else { return }
        registered = false
        warden.closed(context.channel)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            guard closeAfter.count < limits.maxQueued else {
                context.close(promise: nil)
                return
            }
            awaitingEnd = true
            bodyStarted = context.eventLoop.now
            bodyBytes = 0
            closeAfter.append(!head.isKeepAlive)
            if !head.isKeepAlive {
                // Hummingbird ends the connection after a response only on this exact header value.
                head.headers.replaceOrAdd(name: "connection", value: "close")
            }
            // An absolute-form target names the host itself, and HTTP says it wins over the Host
            // header: the page's Host check must see it.
            if !head.uri.hasPrefix("/"), let authority = Self.authority(of: head.uri) {
                head.headers.replaceOrAdd(name: "host", value: authority)
            }
            deliver(.head(head), context)
        case .body(let part):
            bodyBytes += part.readableBytes
            deliver(.body(part), context)
        case .end(let trailers):
            warden.requestReceived(context.channel)
            awaitingEnd = false
            bodyDeadline?.cancel()
            bodyDeadline = nil
            deliver(.end(trailers), context)
        }
    }

    /// On to Hummingbird when every earlier request has been answered, else held until it is.
    private func deliver(_ part: HTTPServerRequestPart, _ context: ChannelHandlerContext) {
        if held.isEmpty, closeAfter.count <= 1 {
            context.fireChannelRead(wrapInboundOut(part))
        } else {
            held.append(part)
        }
    }

    /// After a response: the next held request, whole or as far as it has arrived.
    private func releaseNext(_ context: ChannelHandlerContext) {
        guard !held.isEmpty else { return }
        while let part = held.popFirst() {
            context.fireChannelRead(wrapInboundOut(part))
            if case .end = part { break }
        }
        context.fireChannelReadComplete()
    }

    /// The body's check starts only when a request's end did not come with its head (most requests
    /// arrive whole in one read, and a timer each would cost every answer).
    func channelReadComplete(context: ChannelHandlerContext) {
        if awaitingEnd, bodyDeadline == nil { checkBody(context) }
        context.fireChannelReadComplete()
    }

    /// Closes the connection when its body is behind: after the grace, each second of waiting must
    /// have brought `minimumRate` bytes, and the whole body must be in within the body timeout.
    private func checkBody(_ context: ChannelHandlerContext) {
        let earned = TimeAmount.nanoseconds(Int64(bodyBytes) * 1_000_000_000 / Int64(limits.minimumRate))
        let due = min(bodyStarted + limits.bodyGrace + earned, bodyStarted + limits.bodyTimeout)
        guard due > context.eventLoop.now else {
            bodyDeadline = nil
            context.close(promise: nil)
            return
        }
        bodyDeadline = context.eventLoop.assumeIsolated().scheduleTask(deadline: due) { [self] in
            bodyDeadline = nil
            if awaitingEnd { checkBody(context) }
        }
    }

    /// A response the client does not read fills the socket, then NIO's buffer: past the write
    /// timeout the connection closes, so a client that never reads holds no memory for long.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            writeDeadline?.cancel()
            writeDeadline = nil
        } else if writeDeadline == nil {
            let channel = context.channel
            writeDeadline = context.eventLoop.scheduleTask(in: limits.writeTimeout) { channel.close(promise: nil) }
        }
        context.fireChannelWritabilityChanged()
    }

    /// "http://host:port/path" → "host:port".
    static func authority(of target: String) -> String? {
        guard let scheme = target.range(of: "://") else { return nil }
        let rest = target[scheme.upperBound...]
        let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<end]
        return authority.isEmpty ? nil : String(authority)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            closingNow = (closeAfter.first ?? false) || head.headers["connection"].contains(where: { $0.lowercased() == "close" })
            if closingNow { head.headers.replaceOrAdd(name: "connection", value: "close") }
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            warden.requestFinished(context.channel)
            _ = closeAfter.popFirst()
            if closingNow {
                let channel = context.channel
                context.writeAndFlush(data).whenComplete { result in
                    channel.close(promise: nil)
                    promise?.completeWith(result)
                }
            } else {
                context.write(data, promise: promise)
                releaseNext(context)
            }
        }
    }
}
