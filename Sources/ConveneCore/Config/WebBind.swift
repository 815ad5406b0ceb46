/// Where the participants' page listens: "ADDRESS[:PORT]", as `/web on`, CONVENE_WEB_BIND and the
/// config file's `web` give it. Read in one place so a bad config value is refused when convene
/// starts, not at the first `/web on` in front of the room.
public struct WebBind: Sendable, Equatable {
    /// nil: every address of the laptop.
    public var address: String?
    /// nil: 8080, or the next free port up to 8099.
    public var port: Int?

    public static let usage = "ADDRESS[:PORT], like 192.168.1.20:8080"

    public init(address: String?, port: Int?) {
        self.address = address
        self.port = port
    }

    /// nil when the port is not a number from 0 to 65535 or the address holds a space.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard !parts[0].contains(where: \.isWhitespace) else { return nil }
        address = parts[0].isEmpty ? nil : parts[0]
        if parts.count == 2 {
            guard let port = Int(parts[1]), (0...65535).contains(port) else { return nil }
            self.port = port
        }
    }
}
