import DequeModule
import NIOCore
import NIOHTTP1

/// Sits right after NIO's HTTP/1 decoder, where the request's version is still known: it tells the
/// warden when a connection is busy or idle, closes a request whose body does not arrive in time
/// (Hummingbird's idle timeout is reset by every body part, so an endless chunked body would hold
/// the connection for ever), and makes HTTP/1.0 without keep-alive and `Connection: close` in any
/// spelling end the connection after the response, as HTTP says.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    let warden: ConnectionWarden
    let bodyTimeout: TimeAmount
    private var registered = false
    /// For each request read and not yet answered, whether the connection ends after its response
    /// (pipelined requests are answered in order; a later request's close must not cut earlier ones).
    private var closeAfter = Deque<Bool>()
    private var closingNow = false
    private var awaitingEnd = false
    private var bodyDeadline: Scheduled<Void>?

    init(warden: ConnectionWarden, bodyTimeout: TimeAmount) {
        self.warden = warden
        self.bodyTimeout = bodyTimeout
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
        guard registered else { return }
        registered = false
        warden.closed(context.channel)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            warden.requestStarted(context.channel)
            awaitingEnd = true
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
            context.fireChannelRead(wrapInboundOut(.head(head)))
        case .body:
            context.fireChannelRead(data)
        case .end:
            awaitingEnd = false
            bodyDeadline?.cancel()
            bodyDeadline = nil
            context.fireChannelRead(data)
        }
    }

    /// The body timeout starts only when a request's end did not come with its head (most requests
    /// arrive whole in one read, and a timer each would cost every answer).
    func channelReadComplete(context: ChannelHandlerContext) {
        if awaitingEnd, bodyDeadline == nil {
            let channel = context.channel
            bodyDeadline = context.eventLoop.scheduleTask(in: bodyTimeout) { channel.close(promise: nil) }
        }
        context.fireChannelReadComplete()
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
            }
        }
    }
}
