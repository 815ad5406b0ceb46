/// The text of one library file, read by the shell; the core never touches the disk.
public struct LibraryFile: Sendable {
    public enum Layer: Int, Sendable, Comparable {
        /// The library that ships with Convene.
        case shipped = 0
        /// A facilitator's own library (`--library`); overrides shipped items by id.
        case own = 1

        public static func < (lhs: Layer, rhs: Layer) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var path: String
    public var text: String
    public var layer: Layer

    public init(path: String, text: String, layer: Layer = .shipped) {
        self.path = path
        self.text = text
        self.layer = layer
    }

    public var isPlan: Bool { path.hasSuffix(".yaml") || path.hasSuffix(".yml") }
}
