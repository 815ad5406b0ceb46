import ConveneCore

/// Tab completion: command names after "/", and the words a command takes (activity ids, labels).
public struct Completer: Sendable {
    public var commands: [String]
    /// Words offered after a command, by command name ("show" → activity ids).
    public var arguments: [String: [String]]

    public init(commands: [String], arguments: [String: [String]] = [:]) {
        self.commands = commands
        self.arguments = arguments
    }

    /// The completer of one screen, from its command table: each command's names, and after it the
    /// words its spec says it completes (`values` holds the ids, plans, groups and labels of now).
    public init(scope: CommandSpec.Scope, values: [CommandSpec.Completion: [String]]) {
        let specs = CommandSpec.commands(in: scope)
        let names = specs.map(\.name)
        var arguments: [String: [String]] = [:]
        for spec in specs {
            switch spec.completes {
            case .nothing: continue
            case .words(let words): arguments[spec.name] = words
            case .commands: arguments[spec.name] = names
            default: arguments[spec.name] = values[spec.completes] ?? []
            }
        }
        self.init(commands: names, arguments: arguments)
    }

    public struct Completion: Equatable, Sendable {
        /// Text to insert at the cursor.
        public var insert: String
        /// Every candidate, to list when the completion is ambiguous.
        public var candidates: [String]
    }

    /// Completes the word that ends at the end of `line` (the text before the cursor).
    public func complete(_ line: String) -> Completion {
        let word: Substring
        let candidates: [String]
        if line.hasPrefix("/"), !line.contains(" ") {
            word = line.dropFirst()
            candidates = commands.filter { $0.hasPrefix(word) }
        } else if line.hasPrefix("/"), let space = line.firstIndex(of: " ") {
            let command = String(line[line.index(after: line.startIndex)..<space]).lowercased()
            word = line[line.index(after: (line.lastIndex(of: " ") ?? space))...]
            candidates = (arguments[command] ?? []).filter { $0.hasPrefix(word) }
        } else {
            return Completion(insert: "", candidates: [])
        }
        guard let first = candidates.first else { return Completion(insert: "", candidates: []) }
        if candidates.count == 1 {
            return Completion(insert: String(first.dropFirst(word.count)) + " ", candidates: candidates)
        }
        var common = first
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(common) { common.removeLast() }
        }
        return Completion(insert: String(common.dropFirst(word.count)), candidates: candidates.sorted())
    }
}
