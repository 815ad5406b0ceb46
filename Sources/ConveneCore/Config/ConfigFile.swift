import Yams

/// The facilitator's config file, `key: value` lines of flat YAML read with Yams (comments,
/// quoting and escapes as YAML has them). Only the shape is checked here; what each key may hold
/// is the caller's table, which reports through `problem(_:_:)` with the entry's line.
public struct ConfigFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String
        public var line: Int

        public init(key: String, value: String, line: Int) {
            self.key = key
            self.value = value
            self.line = line
        }
    }

    public let path: String
    public let entries: [Entry]

    public init(path: String, entries: [Entry]) {
        self.path = path
        self.entries = entries
    }

    public static func parse(_ text: String, path: String) throws(ConfigError) -> ConfigFile {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError(
                file: path, line: ActivityParser.yamlErrorLine(error), key: nil, message: "not valid YAML: \(ActivityParser.yamlProblem(error))")
        }
        // An empty file, or one of comments only, sets nothing.
        guard let node else { return ConfigFile(path: path, entries: []) }
        guard let mapping = node.mapping else {
            throw ConfigError(file: path, line: node.mark?.line ?? 1, key: nil, message: "expected lines of key: value")
        }
        var entries: [Entry] = []
        for (keyNode, valueNode) in mapping {
            let line = keyNode.mark?.line ?? 1
            guard let key = keyNode.scalar?.string else {
                throw ConfigError(file: path, line: line, key: nil, message: "a key must be a plain word")
            }
            if entries.contains(where: { $0.key == key }) {
                throw ConfigError(file: path, line: line, key: key, message: "given twice")
            }
            // Settings are single values: a list or a nested mapping is a mistake, not a setting.
            guard let scalar = valueNode.scalar else {
                throw ConfigError(file: path, line: line, key: key, message: "expected a single value, not a list or a mapping")
            }
            entries.append(Entry(key: key, value: scalar.string, line: line))
        }
        return ConfigFile(path: path, entries: entries)
    }

    public func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }

    /// An error about one entry, in the file's words.
    public func problem(_ entry: Entry, _ message: String) -> ConfigError {
        ConfigError(file: path, line: entry.line, key: entry.key, message: message)
    }
}
