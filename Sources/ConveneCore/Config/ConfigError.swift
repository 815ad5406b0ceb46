/// A config file that cannot be used: one line naming the file, the line and the key, as every
/// other error Convene prints (DESIGN.md "Command line"); always bad input, exit 2.
public struct ConfigError: ConveneError, Sendable, Equatable {
    public var file: String
    public var line: Int
    /// The key the problem is about; nil when the file itself cannot be read as YAML.
    public var key: String?
    public var message: String

    public init(file: String, line: Int, key: String?, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var failureKind: FailureKind { .badInput }

    public var description: String {
        "\(file):\(line): " + (key.map { "\($0): " } ?? "") + message
    }
}
