/// What follows a command's name on a REPL line, and the readings every row of `CommandSpec` shares,
/// so that each command's refusals are worded alike.
public struct CommandArguments: Sendable {
    /// The name as typed, without its slash (an alias stays the alias in messages).
    public var name: String
    /// The rest of the line, trimmed.
    public var rest: String
    /// The command's usage line, for "needs …" refusals.
    public var usage: String

    public init(name: String, rest: String, usage: String) {
        self.name = name
        self.rest = rest
        self.usage = usage
    }

    /// The command, when nothing follows its name.
    public func none<T>(_ command: T) throws(CoreError) -> T {
        guard rest.isEmpty else { throw .usage("/\(name) takes no arguments") }
        return command
    }

    /// The rest of the line, which must not be empty.
    public func required(_ what: String) throws(CoreError) -> String {
        guard !rest.isEmpty else { throw .usage("/\(name) needs \(what): \(usage)") }
        return rest
    }

    /// The rest of the line as a whole number, which must be there.
    public func number(_ what: String) throws(CoreError) -> Int {
        try number(in: try required(what), what)
    }

    /// `text` (a word of the line) as a whole number.
    public func number(in text: String, _ what: String) throws(CoreError) -> Int {
        guard let value = Int(text) else {
            throw .usage("/\(name) needs \(what) like /\(name) 3 (got \"\(CommandParser.shown(text))\")")
        }
        return value
    }
}
