import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 channel with the page's connection hygiene: its idle timeout (a request's
/// head must arrive, and a kept-alive connection be used again, within `idleTimeout`), a
/// `RequestLineGuard` before NIO's decoder (HTTP/0.9 closed at once) and a `ConnectionGuard` after it
/// for the caps, the body's rate, the write timeout and `Connection: close`.
struct ParticipantChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    struct Timeouts: Sendable {
        var idle: TimeAmount = .seconds(10)
        var connection = ConnectionGuard.Limits()
    }

    let http1: HTTP1Channel
    let warden: ConnectionWarden
    let timeouts: Timeouts

    init(responder: @escaping HTTPChannelHandler.Responder, warden: ConnectionWarden, timeouts: Timeouts) {
        // Headers are a cookie and a few fields: 16 KiB in all is plenty and bounds a slow sender.
        http1 = HTTP1Channel(
            responder: responder,
            configuration: .init(
                idleTimeout: timeouts.idle,
                httpDecoderConfiguration: .init(maxHeaderFieldSize: 8 * 1024, maxHeaderListSize: 16 * 1024, maxHeaderFieldCount: 64)))
        self.warden = warden
        self.timeouts = timeouts
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        // Refused here, nothing is built and no task runs for it; NIO leaves closing it to us.
        guard warden.admit(channel) else {
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(WebError("connection refused: the page is full and this address holds its share"))
        }
        return http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try channel.pipeline.syncOperations.addHandler(RequestLineGuard(), position: .before(decoder))
            try channel.pipeline.syncOperations.addHandler(ConnectionGuard(warden: warden, limits: timeouts.connection), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// The participants' page's HTTP/1 server.
    static func participants(warden: ConnectionWarden, timeouts: ParticipantChannel.Timeouts) -> HTTPServerBuilder {
        .init { responder in ParticipantChannel(responder: responder, warden: warden, timeouts: timeouts) }
    }
}
