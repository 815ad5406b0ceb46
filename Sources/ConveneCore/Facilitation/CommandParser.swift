/// Turns a REPL line into a `Command`. Plain text is a note; `/name args` is a command.
public enum CommandParser {
    /// Longest line Convene accepts; a note longer than this is almost certainly a paste gone wrong.
    public static let maxLineBytes = 10_000

    /// Returns nil for an empty line.
    public static func parse(_ line: String) throws(CoreError) -> Command? {
        if line.utf8.count > maxLineBytes {
            throw .usage("line too long (\(line.utf8.count) bytes; at most \(maxLineBytes)): nothing was saved")
        }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        guard trimmed.hasPrefix("/") else { return .note(trimmed) }
        let body = trimmed.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace }).lowercased()
        let rest = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        func noArguments(_ command: Command) throws(CoreError) -> Command {
            guard rest.isEmpty else { throw .usage("/\(name) takes no arguments") }
            return command
        }
        func required(_ what: String) throws(CoreError) -> String {
            guard !rest.isEmpty else { throw .usage("/\(name) needs \(what): \(CommandSpec.named(name)?.usage ?? "/\(name)")") }
            return rest
        }
        switch name {
        case "help", "?": return .help(rest.isEmpty ? nil : rest)
        case "agenda": return try noArguments(.agenda)
        case "next", "n": return try noArguments(.next)
        case "back": return try noArguments(.back)
        case "skip": return try noArguments(.skip)
        case "goto":
            let text = try required("a step number")
            guard let number = Int(text) else { throw .usage("/goto needs a step number like /goto 3 (got \"\(TerminalText.sanitize(text, singleLine: true))\")") }
            return .goto(number)
        case "note": return .note(try required("the text of the note"))
        case "show": return .show(try required("an activity id"))
        case "find": return .find(try required("words to search for"))
        case "end": return try noArguments(.end)
        case "quit", "exit", "q": return try noArguments(.quit)
        case "":
            throw .usage("a lone / is not a command: /help lists them")
        default:
            let shown = TerminalText.sanitize(String(name.prefix(40)), singleLine: true)
            let close = CommandSpec.all.map(\.name).filter { Library.distance($0, name) <= 2 }.first
            let hint = close.map { " (did you mean /\($0)?)" } ?? ""
            throw .usage("unknown command /\(shown)\(hint): /help lists the commands")
        }
    }
}
