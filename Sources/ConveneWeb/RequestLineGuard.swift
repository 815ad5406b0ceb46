import NIOCore

/// Sits before NIO's HTTP/1 decoder and reads a connection's first request line: one without an
/// HTTP version (HTTP/0.9, or a line of anything else) is closed at once, where the decoder would
/// wait for the rest of a request that never comes. It then leaves the pipeline.
final class RequestLineGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The first line so far; past this many bytes without an end the decoder's own limits judge it.
    private var line: [UInt8] = []
    static let longestLine = 8 * 1024

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        switch Self.judge(&line, adding: buffer.readableBytesView) {
        case .undecided:
            context.fireChannelRead(data)
        case .http:
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(self, promise: nil)
        case .notHTTP:
            context.close(promise: nil)
        }
    }

    enum Verdict: Equatable { case undecided, http, notHTTP }

    /// Adds `bytes` to the first line read so far and says whether it is an HTTP/1 request line
    /// (blank lines before it are allowed, as HTTP says).
    static func judge(_ line: inout [UInt8], adding bytes: some Collection<UInt8>) -> Verdict {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                if line.isEmpty { continue }
                let text = String(decoding: line, as: UTF8.self)
                guard let space = text.lastIndex(of: " ") else { return .notHTTP }
                return text[text.index(after: space)...].hasPrefix("HTTP/") ? .http : .notHTTP
            }
            line.append(byte)
            if line.count > longestLine { return .http }
        }
        return .undecided
    }
}
