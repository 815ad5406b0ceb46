import DequeModule
import Foundation
import NIOCore

/// Keeps the page reachable for the room's phones: it counts open connections per client address and
/// in total, and when a new one would pass either cap it closes the oldest evictable connection of
/// that address, or of everyone. Evictable is every connection not handling a request: idle, or still
/// receiving a request's head or body (a slow body must not hold a place a phone needs; an honest
/// request arrives in milliseconds and is handled at once). The cap per address takes only a
/// connection that has been evictable for `settle`: a room behind one address (a NAT, a proxy, the
/// laptop itself) arrives as a burst whose requests are not read yet, and the total cap still bounds
/// what one address holds. Addresses live only here, in memory, for as long as their connections are
/// open.
public final class ConnectionWarden: @unchecked Sendable {
    public struct Limits: Sendable, Equatable {
        public var perClient: Int
        public var total: Int

        public init(perClient: Int, total: Int) {
            self.perClient = perClient
            self.total = total
        }

        /// A phone's browser opens a handful of connections; wrk and a proxy more. The total stays
        /// under the open-file limit, leaving room for the store, the terminal and the libraries,
        /// and at 8,192: two kept-alive connections for each of 3,000 phones with room to spare.
        /// More costs more than it holds: Hummingbird runs each connection as a child of one task
        /// group, and the Swift runtime removes a finished child by walking the list of children
        /// (perf under 20,000 connections: 28% of the CPU in TaskGroup::removeChildTask).
        public static func forFileLimit(_ files: Int) -> Limits {
            Limits(perClient: 128, total: max(64, min(files - 256, maxTotal)))
        }

        public static let maxTotal = 8_192
    }

    struct Entry {
        let channel: any Channel
        let client: String
        var handling = false
        /// Chosen to close, its close not yet arrived: it no longer counts against the caps.
        var evicting = false
        /// Bumped each time the connection becomes idle, so stale places in the queues are skipped.
        var turn: UInt64 = 0
    }

    struct Place {
        let id: ObjectIdentifier
        let turn: UInt64
        /// When it became evictable; the queues are in this order.
        let since: NIODeadline
    }

    public let limits: Limits
    /// How long a connection is evictable before the cap per address may take it.
    let settle: TimeAmount
    let now: @Sendable () -> NIODeadline
    private let lock = NSLock()
    private var entries: [ObjectIdentifier: Entry] = [:]
    private var perClient: [String: Int] = [:]
    /// Evictable connections, oldest first, in total and per address (places go stale instead of being
    /// removed from the middle, so every step is O(1) amortised).
    private var idle = Deque<Place>()
    private var idleByClient: [String: Deque<Place>] = [:]
    private var turns: UInt64 = 0
    private var peakSinceTrim = 0
    public private(set) var evicted = 0
    /// Connections chosen to close whose close has not arrived yet (under a flood of reconnects,
    /// counting them would make every newcomer evict again, and then close itself).
    private var evicting = 0

    let trim: @Sendable () -> Void

    public init(
        limits: Limits, settle: TimeAmount = .seconds(1), now: @escaping @Sendable () -> NIODeadline = { .now() },
        returnMemory: @escaping @Sendable () -> Void = {}
    ) {
        self.limits = limits
        self.settle = settle
        self.now = now
        trim = returnMemory
    }

    public var openCount: Int { lock.withLock { entries.count } }

    /// The key of a client: its exact address, IPv4 or IPv6. Not an IPv6 /64: a room on one Wi-Fi
    /// usually shares one, so a cap or a throttle per /64 would let one phone lock the whole room out.
    /// A client that mints IPv6 addresses gains no place this way: past the total cap the oldest
    /// evictable connection goes whoever holds it, wrong codes from everyone together are answered
    /// slowly, and devices are capped at the headcount.
    static func clientKey(_ address: SocketAddress?) -> String {
        address?.ipAddress ?? "local"
    }

    /// Connections an address may hold when the server is full and still get a new one: a phone's
    /// browser uses a few.
    public static let fairShare = 8

    public private(set) var refused = 0

    /// Whether to set up a new connection at all: when the server is full, an address that already
    /// holds its fair share is refused before any HTTP machinery is built for it (an attacker that
    /// reconnects in a loop then costs an accept and a close, while a phone from an address with
    /// few connections is let in and an old idle connection makes room for it).
    func admit(_ channel: any Channel) -> Bool {
        let client = Self.clientKey(channel.remoteAddress)
        return lock.withLock {
            let admitted = entries.count - evicting < limits.total || perClient[client, default: 0] < Self.fairShare
            if !admitted { refused += 1 }
            return admitted
        }
    }

    /// A new connection: records it idle, and closes whatever the caps say must go.
    func opened(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let client = Self.clientKey(channel.remoteAddress)
        let victims: [any Channel] = lock.withLock {
            guard entries[id] == nil else { return [] }
            entries[id] = Entry(channel: channel, client: client)
            perClient[client, default: 0] += 1
            markEvictable(id)
            peakSinceTrim = max(peakSinceTrim, entries.count)
            var victims: [any Channel] = []
            // Past the cap per address its oldest settled connection goes; when none has settled the
            // newcomer stays (an honest burst from one address), the total cap below still applies.
            if perClient[client, default: 0] > limits.perClient,
                let victim = evictOldest(of: client, sparing: id, settledBy: now() - settle)
            {
                victims.append(victim)
            }
            if entries.count - evicting > limits.total {
                victims.append(evictOldest(of: nil, sparing: id) ?? channel)
            }
            evicted += victims.count
            return victims
        }
        for victim in victims { victim.close(promise: nil) }
    }

    func closed(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let trim: Bool = lock.withLock {
            guard let entry = entries.removeValue(forKey: id) else { return false }
            if entry.evicting { evicting -= 1 }
            let left = perClient[entry.client, default: 1] - 1
            if left == 0 {
                perClient[entry.client] = nil
                idleByClient[entry.client] = nil
            } else {
                perClient[entry.client] = left
            }
            if entries.isEmpty {
                idle.removeAll(keepingCapacity: false)
                entries = [:]
            }
            // After a burst, give the memory of thousands of closed connections back to the system.
            if peakSinceTrim >= 1_024, entries.count <= 64 {
                peakSinceTrim = entries.count
                return true
            }
            return false
        }
        if trim { returnMemory() }
    }

    /// A request has arrived whole: its connection is handled, not evicted, until its response ends.
    func requestReceived(_ channel: any Channel) {
        lock.withLock {
            entries[ObjectIdentifier(channel)]?.handling = true
        }
    }

    func requestFinished(_ channel: any Channel) {
        lock.withLock {
            let id = ObjectIdentifier(channel)
            guard entries[id] != nil else { return }
            entries[id]!.handling = false
            markEvictable(id)
        }
    }

    private func markEvictable(_ id: ObjectIdentifier) {
        turns &+= 1
        entries[id]!.turn = turns
        let place = Place(id: id, turn: turns, since: now())
        idle.append(place)
        idleByClient[entries[id]!.client, default: []].append(place)
        // Stale places are dropped as they reach the front; keep the queues from growing without end
        // on connections that stay open for many requests.
        if idle.count > 4 * max(entries.count, 256) { compact() }
    }

    private func isCurrent(_ place: Place) -> Bool {
        guard let entry = entries[place.id] else { return false }
        return !entry.handling && entry.turn == place.turn
    }

    /// The oldest evictable connection of `client` (nil: of anyone) that became evictable by `cutoff`.
    private func evictOldest(of client: String?, sparing spared: ObjectIdentifier, settledBy cutoff: NIODeadline? = nil) -> (any Channel)? {
        var skipped: [Place] = []
        defer {
            if let client { idleByClient[client]?.insert(contentsOf: skipped, at: 0) } else { idle.insert(contentsOf: skipped, at: 0) }
        }
        func next() -> Place? {
            guard let client else { return idle.popFirst() }
            return idleByClient[client]?.popFirst()
        }
        while let place = next() {
            guard isCurrent(place) else { continue }
            if let cutoff, place.since > cutoff {
                // The queue is in order of `since`: every place after this one is younger still.
                skipped.append(place)
                break
            }
            if place.id == spared {
                skipped.append(place)
                continue
            }
            let entry = entries[place.id]!
            // Marked so that it is not chosen twice, nor counted, before its close arrives.
            entries[place.id]!.handling = true
            entries[place.id]!.evicting = true
            evicting += 1
            return entry.channel
        }
        return nil
    }

    private func compact() {
        idle = Deque(idle.filter(isCurrent))
        for (client, places) in idleByClient { idleByClient[client] = Deque(places.filter(isCurrent)) }
    }

    /// glibc keeps freed memory in its arenas; after thousands of connections close it would stay
    /// resident for the rest of the session. The shell hands in how to give it back (`Memory.trim`).
    func returnMemory() {
        let trim = self.trim
        // A connection's last memory (its task, its buffers) is freed a moment after it closes.
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + .milliseconds(500)) { trim() }
    }
}
