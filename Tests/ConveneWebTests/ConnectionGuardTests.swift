import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import ConveneWeb

/// What a slow or silent client gets: a body that falls behind the minimum rate is closed, a client
/// that queues requests without reading is closed, and a connection still receiving its body is as
/// evictable as an idle one.
@Suite struct ConnectionGuardTests {
    func connection(_ warden: ConnectionWarden, address: String = "10.0.0.1") throws -> (EmbeddedChannel, EmbeddedEventLoop) {
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(loop: loop)
        try channel.pipeline.syncOperations.addHandler(ConnectionGuard(warden: warden))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        channel.remoteAddress = try SocketAddress(ipAddress: address, port: 40000)
        return (channel, loop)
    }

    func post(_ channel: EmbeddedChannel, length: Int) throws {
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/join")
        head.headers.add(name: "content-length", value: "\(length)")
        try channel.writeInbound(HTTPServerRequestPart.head(head))
        channel.pipeline.fireChannelReadComplete()
    }

    func byte(_ channel: EmbeddedChannel) throws {
        try channel.writeInbound(HTTPServerRequestPart.body(ByteBuffer(string: "a")))
        channel.pipeline.fireChannelReadComplete()
    }

    @Test func aBodyOneByteEveryTwoSecondsIsClosedAfterItsGrace() throws {
        let (channel, loop) = try connection(ConnectionWarden(limits: .init(perClient: 10, total: 10)))
        try post(channel, length: 8000)
        loop.advanceTime(by: .seconds(2))
        try byte(channel)
        #expect(channel.isActive)
        loop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }

    @Test func aBodyThatKeepsUpTheRateIsStillCutAtTheBodyTimeout() throws {
        let (channel, loop) = try connection(ConnectionWarden(limits: .init(perClient: 10, total: 10)))
        try post(channel, length: 8000)
        for _ in 0..<9 {
            try channel.writeInbound(HTTPServerRequestPart.body(ByteBuffer(repeating: 0x61, count: 600)))
            channel.pipeline.fireChannelReadComplete()
            loop.advanceTime(by: .seconds(1))
            #expect(channel.isActive)
        }
        loop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test func aClientQueueingRequestsItDoesNotReadIsClosed() throws {
        let (channel, _) = try connection(ConnectionWarden(limits: .init(perClient: 10, total: 10)))
        for _ in 0..<ConnectionGuard.Limits().maxQueued {
            try channel.writeInbound(HTTPServerRequestPart.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: "/")))
            try channel.writeInbound(HTTPServerRequestPart.end(nil))
        }
        #expect(channel.isActive)
        try channel.writeInbound(HTTPServerRequestPart.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: "/")))
        #expect(!channel.isActive)
    }

    /// The slow body holds no place: a newcomer from another address closes it, not itself.
    @Test func whenFullAConnectionStillReceivingItsBodyMakesRoom() throws {
        let warden = ConnectionWarden(limits: .init(perClient: 10, total: 1))
        let (slow, _) = try connection(warden)
        try post(slow, length: 8000)
        try byte(slow)
        let (phone, _) = try connection(warden, address: "10.0.0.2")
        #expect(phone.isActive)
        #expect(!slow.isActive)
    }

    @Test func aRequestLineWithoutAnHTTPVersionIsNotHTTP() {
        func judge(_ text: String) -> RequestLineGuard.Verdict {
            var line: [UInt8] = []
            return RequestLineGuard.judge(&line, adding: Array(text.utf8))
        }
        #expect(judge("GET /\r\n") == .notHTTP)
        #expect(judge("GET /\n") == .notHTTP)
        #expect(judge("hello\r\n") == .notHTTP)
        #expect(judge("GET / HTTP/1.1\r\nHost: x\r\n") == .http)
        #expect(judge("\r\nGET / HTTP/1.0\r\n") == .http)
        #expect(judge("GET / HTT") == .undecided)
    }
}
