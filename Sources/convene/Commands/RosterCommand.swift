import ArgumentParser
import ConveneCore
import ConveneStore
import Foundation

/// `convene roster list|add|remove --group NAME`: the group's seats and their categories, outside a
/// session (inside one, /seat does the same as an event of the session).
struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "The group's seats (a person, an organization or a seat number) and their categories, for voice and ownership by category.",
        discussion:
            "Default categories: \(Seat.defaultCategories.joined(separator: ", ")); convene groups set NAME --categories A,B,C edits them. The roster holds no demographic data about named people.",
        subcommands: [List.self, Add.self, Remove.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the group's seats by category.")
        @Option(help: "The group (default: config group, else the one met most recently).", completion: Completions.groups) var group: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            let opened = try context.openStoreForReading()
            // resolve refuses an empty store, so there is one from here on.
            let chosen = try GroupChoice.resolve(group, store: opened)
            guard let store = opened else { return }
            let (record, seats) = try store.roster(group: chosen.name)
            let name = TerminalText.sanitize(record.name, singleLine: true)
            guard !seats.isEmpty else {
                context.print(
                    "\(name) has no seats yet: convene roster add LABEL CATEGORY --group \"\(name)\" (categories: \(record.categoryList.joined(separator: ", ")))."
                )
                return
            }
            context.show([.heading("\(name) · \(Plural.count(seats.count, "seat"))")])
            for category in record.categoryList {
                let inCategory = seats.filter { $0.category == category }
                guard !inCategory.isEmpty else { continue }
                context.print(
                    "  \(category) (\(inCategory.count)): "
                        + inCategory.map {
                            TerminalText.sanitize($0.label, singleLine: true)
                                + ($0.organization.map { " (\(TerminalText.sanitize($0, singleLine: true)))" } ?? "")
                        }.joined(separator: ", "))
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a seat, or change its category.")
        @Argument(help: "The seat's label as the room names it: \"United Way\", \"Parent 3\".") var label: String
        @Argument(help: "Its category, one of the group's.") var category: String
        @Option(help: "The organization, when the label is a person or a seat number.") var organization: String?
        @Option(help: "The group (default: config group, else the one met most recently).", completion: Completions.groups) var group: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let label = label.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard !label.isEmpty, label.count <= Seat.maxLabelLength, !PulseAnswer.hasControlCharacters(label) else {
                throw CLIError.usage("the label must be 1 to \(Seat.maxLabelLength) characters with no control characters")
            }
            if let organization, organization.count > 120 || PulseAnswer.hasControlCharacters(organization) {
                throw CLIError.usage("--organization must be at most 120 characters with no control characters")
            }
            let context = AppContext(options: global)
            let store = try context.openStoreForWriting()
            let record = try GroupChoice.resolve(group, store: store)
            guard record.categoryList.contains(category.lowercased()) else {
                throw CLIError.usage("category \"\(category)\" is not one of \(record.name)'s: \(record.categoryList.joined(separator: ", "))")
            }
            let seat = try store.addSeat(Seat(label: label, category: category.lowercased(), organization: organization), group: record.name)
            context.print(
                "\(TerminalText.sanitize(seat.label, singleLine: true)) is seated as \(seat.category) at \(TerminalText.sanitize(record.name, singleLine: true))."
            )
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Take a seat off the roster (past sessions' turns then count as unseated).")
        @Argument(help: "The seat's label.") var label: String
        @Option(help: "The group (default: config group, else the one met most recently).", completion: Completions.groups) var group: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            let store = try context.openStoreForWriting()
            let record = try GroupChoice.resolve(group, store: store)
            guard try store.removeSeat(label, group: record.name) else {
                throw CLIError.usage("no seat \"\(label)\" on \(record.name)'s roster (convene roster list --group \"\(record.name)\" shows it)")
            }
            context.print(
                "\(TerminalText.sanitize(label, singleLine: true)) is off \(TerminalText.sanitize(record.name, singleLine: true))'s roster.")
        }
    }
}
