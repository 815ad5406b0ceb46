import ConveneCore
import ConveneStore
import ConveneTerminal

/// A session as a person names it: by its number within its group ("3" with `--group G`, or
/// "G#3"), or by the store's id with `--id`. A number alone that more than one group has is refused
/// with the candidates, as git refuses an ambiguous ref: the banner's "session 3" is never taken
/// for another group's session that happens to have id 3.
enum SessionReference {
    /// Refuses what cannot name a session, before any store is opened.
    static func check(_ text: String, byID: Bool) throws {
        let typed = text.trimmingCharacters(in: .whitespaces)
        let number = byID ? typed : typed.lastIndex(of: "#").map { String(typed[typed.index(after: $0)...]) } ?? typed
        guard let value = Int(number), value > 0 else {
            throw CLIError.usage(
                "\"\(TerminalText.sanitize(typed, singleLine: true))\" is not a session: give its number in the group (3 --group NAME, or NAME#3), or --id ID"
            )
        }
    }

    static func resolve(_ text: String, group flag: String?, byID: Bool, store: AppDatabase) throws -> Int64 {
        let typed = text.trimmingCharacters(in: .whitespaces)
        let shown = TerminalText.sanitize(typed, singleLine: true)
        if byID {
            guard let id = Int64(typed), try store.session(id: id) != nil else {
                throw CLIError.usage("no session with id \(shown) in the store: convene sessions list shows the ids")
            }
            return id
        }
        var groupName = GroupChoice.named(flag).map(\.text)
        var numberText = typed
        if let hash = typed.lastIndex(of: "#") {
            groupName = String(typed[..<hash]).trimmingCharacters(in: .whitespaces)
            numberText = String(typed[typed.index(after: hash)...])
        }
        guard let number = Int(numberText), number > 0 else {
            throw CLIError.usage("\"\(shown)\" is not a session: give its number in the group (3 --group NAME, or NAME#3), or --id ID")
        }
        if let groupName {
            guard let group = try store.group(named: groupName) else {
                throw CLIError.usage(
                    "no group \"\(TerminalText.sanitize(groupName, singleLine: true))\" in the store: convene groups list shows them")
            }
            let listings = try store.sessions(groupId: group.id)
            guard let found = listings.first(where: { $0.number == number }), let id = found.session.id else {
                throw CLIError.usage(
                    "\(TerminalText.sanitize(group.name, singleLine: true)) has \(Plural.count(listings.count, "session")): no session \(number) (convene sessions list --group shows them)"
                )
            }
            return id
        }
        let candidates = try store.sessions(groupId: nil).filter { $0.number == number }
        switch candidates.count {
        case 0:
            throw CLIError.usage("no group has a session \(number): convene sessions list shows them")
        case 1:
            return candidates[0].session.id!
        default:
            let named = candidates.map { "\(TerminalText.sanitize($0.groupName, singleLine: true))#\(number) (id \($0.session.id ?? 0))" }
            throw CLIError.usage(
                "session \(number) is ambiguous: \(named.joined(separator: ", ")). Give --group NAME, NAME#\(number), or --id ID")
        }
    }
}
