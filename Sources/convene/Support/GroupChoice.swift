import ConveneCore
import ConveneStore
import Foundation

/// Which group a review command is about: the one named (--group, else the config file's group),
/// or the one most recently met.
enum GroupChoice {
    /// --group, else the config file's group.
    static func named(_ flag: String?) -> Configuration.Value? { Configuration.loaded.value(.group, flag: flag) }

    static func resolve(_ flag: String?, store: AppDatabase?) throws -> GroupRecord {
        guard let store else { throw CLIError.usage("the store is empty: convene demo creates an example group, convene start begins a real one") }
        if let chosen = named(flag) {
            // As findOrCreate keeps it: "Reading Coalition " is the group made from it.
            let name = chosen.text.trimmingCharacters(in: .whitespaces)
            guard let group = try store.group(named: name) else {
                let known = try store.groups().map(\.name).joined(separator: ", ")
                let whence = chosen.source == .flag("--group") ? "" : ", from \(chosen.source)"
                throw CLIError.usage("no group \"\(name)\" in the store (groups: \(known.isEmpty ? "none" : known)\(whence))")
            }
            return group
        }
        if let group = try store.latestGroup() { return group }
        guard let only = try store.groups().first else { throw CLIError.usage("no groups yet: convene demo creates an example group") }
        return only
    }

    /// The group named for a new session or `groups create`: the existing one (case aside), or a
    /// new one. A new name close to an existing one ("Early Litercy Coalition") is a typo more
    /// often than a new group: at a terminal it asks, in a script it stops with exit 2 unless
    /// `newGroup` says the new group is meant.
    static func findOrCreate(_ name: String, newGroup: Bool, store: AppDatabase, context: AppContext, now: Date = Date()) throws -> GroupRecord {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw CLIError.usage("--group needs a name") }
        if let existing = try store.group(named: name) { return existing }
        if !newGroup, let near = GroupNameMatch.nearest(to: name, among: try store.groups().map(\.name)) {
            let shown = TerminalText.sanitize(near, singleLine: true)
            let typed = TerminalText.sanitize(name, singleLine: true)
            guard context.terminal.inputIsTerminal else {
                throw CLIError.usage(
                    "no group \"\(typed)\": did you mean \"\(shown)\"? Pass --group \"\(shown)\", or --new-group to create \"\(typed)\" as a new group"
                )
            }
            if Confirmation.ask("No group \"\(typed)\" yet. Did you mean \"\(shown)\"?", context: context, defaultYes: true) {
                guard let group = try store.group(named: near) else { throw CLIError.failure("the store changed while reading it") }
                return group
            }
            guard
                Confirmation.ask(
                    "Create \"\(typed)\" as a new group, without the agreements, conflicts and commitments of \"\(shown)\"?", context: context)
            else {
                throw CLIError.failure("no session started and no group created")
            }
        }
        return try store.createGroup(named: name, at: now, language: Configuration.loaded.newGroupLanguage)
    }

    /// A report handed to a steering committee names its group (--group, else the config file's
    /// group): with more than one group in the store, "the one met most recently" could put one
    /// group's results in front of another's committee, so it is refused with the list instead
    /// (mixing groups would mix their thresholds).
    static func requireNamed(_ flag: String?, for what: String, store: AppDatabase?) throws {
        guard named(flag) == nil, let store else { return }
        let names = try store.groups().map { "\"\(TerminalText.sanitize($0.name, singleLine: true))\"" }
        guard names.count > 1 else { return }
        throw CLIError.usage("\(what) is about one group and this store has \(names.count): pass --group NAME (\(names.joined(separator: ", ")))")
    }

    /// The store, the chosen group and its history: what signals, trends and export start from.
    static func history(_ name: String?, context: AppContext, details: Bool = false) throws -> (
        store: AppDatabase, group: GroupRecord, history: GroupHistory
    ) {
        try history(name, store: try context.openStoreForReading(), details: details)
    }

    /// The same, from a store already opened (nil when there is none).
    static func history(_ name: String?, store: AppDatabase?, details: Bool = false) throws -> (
        store: AppDatabase, group: GroupRecord, history: GroupHistory
    ) {
        let group = try resolve(name, store: store)
        guard let store, let id = group.id else { throw CLIError.failure("the store changed while reading it") }
        return (store, group, try store.history(groupId: id, details: details))
    }
}
