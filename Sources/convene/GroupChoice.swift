import ConveneCore
import ConveneStore

/// Which group a review command is about: the one named, or the one most recently met.
enum GroupChoice {
    static func resolve(_ name: String?, store: AppDatabase?) throws -> GroupRecord {
        guard let store else { throw CLIError.usage("the store is empty: convene demo creates an example group, convene start begins a real one") }
        if let name {
            guard let group = try store.group(named: name) else {
                let known = try store.groups().map(\.name).joined(separator: ", ")
                throw CLIError.usage("no group \"\(name)\" in the store (groups: \(known.isEmpty ? "none" : known))")
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
