import Foundation
import NIOCore
import NIOEmbedded
import Testing

@testable import ConveneWeb

/// The caps that keep the page reachable: past them the oldest idle connection goes, never one in
/// the middle of a request, and a room's phones always get in.
@Suite struct ConnectionWardenTests {
    /// A connected channel from `address` (connecting sets the remote address, so it is set after).
    func channel(_ address: String, port: Int = 40000) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        channel.remoteAddress = try SocketAddress(ipAddress: address, port: port)
        return channel
    }

    func isOpen(_ channel: EmbeddedChannel) -> Bool {
        channel.isActive
    }

    /// A clock the test moves by hand, for the cap per address's settling time.
    final class Clock: @unchecked Sendable {
        var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
        func advance(_ amount: TimeAmount) { now = now + amount }
    }

    func warden(_ limits: ConnectionWarden.Limits, _ clock: Clock) -> ConnectionWarden {
        ConnectionWarden(limits: limits, settle: .seconds(1), now: { clock.now })
    }

    @Test func pastTheCapPerAddressItsOldestIdleConnectionCloses() throws {
        let clock = Clock()
        let warden = warden(.init(perClient: 3, total: 100), clock)
        var channels: [EmbeddedChannel] = []
        for index in 0..<3 {
            let c = try channel("10.0.0.1", port: 40000 + index)
            warden.opened(c)
            channels.append(c)
        }
        clock.advance(.seconds(2))
        // The oldest is busy with a request: the next oldest idle one goes instead.
        warden.requestReceived(channels[0])
        let fourth = try channel("10.0.0.1", port: 40010)
        warden.opened(fourth)
        #expect(isOpen(channels[0]))
        #expect(!isOpen(channels[1]))
        #expect(isOpen(channels[2]))
        #expect(isOpen(fourth))
        // Another address is not touched by this one's cap.
        let other = try channel("10.0.0.2")
        warden.opened(other)
        #expect(isOpen(other))
        #expect(warden.evicted == 1)
    }

    /// web_burst.py: 700 phones behind one address (a NAT, a proxy, the laptop) connect at once; the
    /// cap per address took the oldest, whose request the server had not read yet, and that phone got
    /// a closed connection instead of its page.
    @Test func aBurstFromOneAddressIsNotCutBeforeItsRequestsAreRead() throws {
        let clock = Clock()
        let warden = warden(.init(perClient: 3, total: 100), clock)
        var burst: [EmbeddedChannel] = []
        for index in 0..<10 {
            let c = try channel("10.0.6.1", port: 40000 + index)
            warden.opened(c)
            burst.append(c)
        }
        // Every one busy past the cap is let in as well: the total cap bounds the address.
        for c in burst.prefix(5) { warden.requestReceived(c) }
        let busy = try channel("10.0.6.1", port: 40100)
        warden.opened(busy)
        #expect(burst.allSatisfy(isOpen))
        #expect(isOpen(busy))
        #expect(warden.evicted == 0)
        // Once settled, idle connections past the cap go again, oldest first, never a busy one.
        clock.advance(.seconds(2))
        let late = try channel("10.0.6.1", port: 40200)
        warden.opened(late)
        #expect(!isOpen(burst[5]))
        #expect(burst.prefix(5).allSatisfy(isOpen))
        #expect(isOpen(late))
        #expect(warden.evicted == 1)
    }

    @Test func pastTheTotalCapTheOldestIdleOfAnyoneCloses() throws {
        let warden = ConnectionWarden(limits: .init(perClient: 100, total: 4))
        var channels: [EmbeddedChannel] = []
        for index in 0..<4 {
            let c = try channel("10.0.1.\(index)")
            warden.opened(c)
            channels.append(c)
        }
        // The first became idle again after a request: the second is now the oldest idle.
        warden.requestReceived(channels[0])
        warden.requestFinished(channels[0])
        let honest = try channel("10.0.2.1")
        warden.opened(honest)
        #expect(isOpen(honest))
        #expect(isOpen(channels[0]))
        #expect(!isOpen(channels[1]))
        warden.closed(channels[1])
        #expect(warden.openCount == 4)
    }

    @Test func whenFullAnAddressHoldingItsShareIsRefusedAndAPhoneStillGetsIn() throws {
        let warden = ConnectionWarden(limits: .init(perClient: 100, total: 10))
        var flood: [EmbeddedChannel] = []
        for index in 0..<10 {
            let c = try channel("10.0.4.1", port: 41000 + index)
            #expect(warden.admit(c))
            warden.opened(c)
            flood.append(c)
        }
        // Full, and this address holds more than its fair share: refused before any set-up.
        #expect(!warden.admit(try channel("10.0.4.1", port: 42000)))
        #expect(warden.refused == 1)
        // A phone from another address is admitted; the oldest idle connection makes room.
        let phone = try channel("10.0.5.7")
        #expect(warden.admit(phone))
        warden.opened(phone)
        #expect(isOpen(phone))
        #expect(!isOpen(flood[0]))
    }

    @Test func whenEveryConnectionIsBusyTheNewOneIsTheOneClosed() throws {
        let warden = ConnectionWarden(limits: .init(perClient: 100, total: 2))
        var channels: [EmbeddedChannel] = []
        for index in 0..<2 {
            let c = try channel("10.0.3.\(index)")
            warden.opened(c)
            warden.requestReceived(c)
            channels.append(c)
        }
        let late = try channel("10.0.3.9")
        warden.opened(late)
        #expect(!isOpen(late))
        #expect(channels.allSatisfy(isOpen))
    }

    /// Phones on one Wi-Fi share a /64: keyed by it, one phone's wrong codes or connections would
    /// lock the room out.
    @Test func anIPv6ClientIsKeyedByItsExactAddressNotItsRoomsSlash64() throws {
        #expect(ConnectionWarden.clientKey(try SocketAddress(ipAddress: "2001:db8:1:2:aaaa::1", port: 1)) == "2001:db8:1:2:aaaa::1")
        #expect(ConnectionWarden.clientKey(try SocketAddress(ipAddress: "2001:db8:1:2:bbbb::9", port: 1)) == "2001:db8:1:2:bbbb::9")
        #expect(ConnectionWarden.clientKey(try SocketAddress(ipAddress: "192.168.1.7", port: 1)) == "192.168.1.7")
        #expect(ConnectionWarden.clientKey(nil) == "local")
    }

    @Test func theLimitsStayUnderTheOpenFileLimit() {
        #expect(ConnectionWarden.Limits.forFileLimit(1024).total == 768)
        #expect(ConnectionWarden.Limits.forFileLimit(8000).total == 7744)
        #expect(ConnectionWarden.Limits.forFileLimit(20000).total == 8192)
        #expect(ConnectionWarden.Limits.forFileLimit(200).total == 64)
    }

    @Test func memoryIsGivenBackAfterABurstCloses() throws {
        final class Count: @unchecked Sendable { var value = 0 }
        let trims = Count()
        let warden = ConnectionWarden(limits: .init(perClient: 2000, total: 2000), returnMemory: { trims.value += 1 })
        var channels: [EmbeddedChannel] = []
        for index in 0..<1100 {
            let c = try channel("10.1.\(index / 250).\(index % 250)")
            warden.opened(c)
            channels.append(c)
        }
        for c in channels { warden.closed(c) }
        // Handed to a background queue; wait for it briefly.
        for _ in 0..<100 where trims.value == 0 { usleep(10_000) }
        #expect(trims.value == 1)
        #expect(warden.openCount == 0)
    }
}
