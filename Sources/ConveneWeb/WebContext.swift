import Hummingbird
import NIOCore

/// The request context of the participants' page. The client's address is used only in memory,
/// to limit wrong join codes; it is never logged or stored.
public struct WebContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Bodies are small forms: anything over 8 KiB is refused.
    public var maxUploadSize: Int { WebRouter.maxBody }

    /// The exact address, for the wrong-code limit and the one-device-per-address rule (a /64 would
    /// be a whole room: `ConnectionWarden.clientKey`).
    var client: String { ConnectionWarden.clientKey(remoteAddress) }
}
