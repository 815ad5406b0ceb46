import ConveneCore
import ConveneNetwork

/// Where the network is: --network URL (or the argument of `network init`), else CONVENE_NETWORK,
/// else the config file's network.
enum NetworkChoice {
    static func url(_ given: String?) throws -> NetworkURL {
        guard let text = Configuration.loaded.value(.network, flag: given)?.text else {
            throw CLIError.usage(
                "no network: give --network postgres://ROLE@HOST:PORT/DATABASE, set CONVENE_NETWORK or network in \(Configuration.loaded.path)")
        }
        do {
            return try NetworkURL.parse(text)
        } catch {
            throw CLIError.usage("\(error)")
        }
    }

    /// Runs network work from a synchronous command; a `NetworkError` ends it with its own kind.
    /// Runs `body` on a connection to the network at `url`, from a command's synchronous `run`.
    static func with<T: Sendable>(_ url: NetworkURL, _ body: @escaping @Sendable (NetworkDatabase) async throws -> T) throws(NetworkError) -> T {
        try NetworkDatabase.blocking { () async throws(NetworkError) in try await NetworkDatabase.with(url, body) }
    }
}
