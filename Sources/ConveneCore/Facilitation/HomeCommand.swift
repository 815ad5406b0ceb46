/// A command of the home screen (no session open), parsed from one line by its row of
/// `CommandSpec.home`. The slash is optional there: nothing typed at home is a note.
public enum HomeCommand: Sendable, Equatable {
    /// /group NAME picks or creates the group; /group alone says which is chosen.
    case group(String?)
    case groups
    /// A plan template or file; nil for the default template.
    case start(plan: String?)
    /// /start generated: the plan /generate made last.
    case startGenerated
    case generate(PlanOrder)
    case plans
    case sessions
    /// A session of the current group, by the number /sessions shows.
    case show(Int)
    case help(String?)
    case clear
    case quit

    /// Returns nil for an empty line.
    public static func parse(_ line: String) throws(CoreError) -> HomeCommand? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        let name = String(trimmed.prefix { !$0.isWhitespace })
        let rest = trimmed.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        let bare = (name.hasPrefix("/") ? String(name.dropFirst()) : name).lowercased()
        guard let spec = CommandSpec.named(bare, in: .home), case .home(let parse) = spec.parse else {
            throw CommandSpec.unknown(name.hasPrefix("/") ? String(name.dropFirst()) : name, in: .home)
        }
        return try CommandSpec.read(parse, CommandArguments(name: bare, rest: rest, usage: spec.usage))
    }

    /// `/generate MIN [VALUES] [--size N]`.
    static func generate(_ arguments: CommandArguments) throws(CoreError) -> HomeCommand {
        var words = arguments.rest.split(separator: " ").map(String.init)
        var size: Int?
        if let flag = words.firstIndex(of: "--size") {
            guard flag + 1 < words.count, let number = Int(words[flag + 1]), number >= 1 else {
                throw .usage("--size needs a number of people: /generate 90 --size 20")
            }
            size = number
            words.removeSubrange(flag...(flag + 1))
        }
        guard let minutes = words.first.flatMap(Int.init), words.count <= 2 else {
            throw .usage("/generate needs minutes and optionally values and a size: /generate 90 inclusion,learning --size 20")
        }
        let focus: [CollaborativeValue]
        do {
            focus = try PlanOrder.values(words.count > 1 ? words[1] : "")
        } catch {
            throw .usage("/generate: \(error.message)")
        }
        return .generate(PlanOrder(minutes: minutes, focus: focus, size: size))
    }

    /// `/show N`.
    static func show(_ arguments: CommandArguments) throws(CoreError) -> HomeCommand {
        guard let number = Int(arguments.rest) else { throw .usage("/show needs a session number from /sessions") }
        return .show(number)
    }
}
