import ConveneCore
import ConveneStore

/// Which group a review command is about: the one named (--group, else the config file's group),
/// or the one most recently met.
enum GroupChoice {
    /// --group, else the config file's group.
    static func named(_ flag: String?) -> Configuration.Value? { Configuration.loaded.value(.group, flag: flag) }

    static func resolve(_ flag: String?, store: AppDatabase?) throws -> GroupRecord {
        guard let store else { throw CLIError.usage("the store is empty: convene demo creates an example group, convene start begins a real one") }
        if let chosen = named(flag) {
            let name = chosen.text
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

    /// The store, the chosen group and its history: what signals, trends and export start from.
    static func history(_ name: String?, context: AppContext) throws -> (store: AppDatabase, group: GroupRecord, history: GroupHistory) {
        let store = try context.openStoreForReading()
        let group = try resolve(name, store: store)
        guard let store, let id = group.id else { throw CLIError.failure("the store changed while reading it") }
        return (store, group, try store.history(groupId: id))
    }
}
