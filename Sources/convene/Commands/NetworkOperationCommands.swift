import ArgumentParser
import ConveneCore
import ConveneNetwork
import Foundation

/// What a backbone runs on its tables without psql (issue 28).
extension NetworkCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "Each table: its role, its laptop's group, when it last published, and its row counts.")

        @Option(help: ArgumentHelp("The network (default: CONVENE_NETWORK).", valueName: "URL")) var network: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            let url = try NetworkChoice.url(network)
            let tables = try NetworkChoice.with(url) { network in try await network.status() }
            guard !tables.isEmpty else {
                context.print("No tables yet: convene network grant \"TABLE\".")
                return
            }
            let stamp = ISO8601DateFormatter()
            for table in tables {
                // Names and groups are the tables' text: sanitized like every view.
                let name = TerminalText.sanitize(table.name, singleLine: true)
                let group = table.group.map { "group \"\(TerminalText.sanitize($0, singleLine: true))\"" } ?? "no group yet"
                let last = table.lastPublished.map { "last published \(stamp.string(from: $0))" } ?? "never published"
                context.print(
                    "\(name) (\(table.id), role \(table.role ?? "–"))\(table.suspended ? " SUSPENDED" : ""): \(group), \(last), "
                        + "\(Plural.count(table.sessions, "session")), \(Plural.count(table.pulses, "pulse")), \(Plural.count(table.signals, "signal"))"
                )
            }
        }
    }

    /// One command per change, each naming the table.
    struct Change: ParsableArguments {
        @Argument(help: "The table's name or id (see convene network status).") var table: String
        @Option(help: ArgumentHelp("The network (default: CONVENE_NETWORK).", valueName: "URL")) var network: String?

        func apply(_ change: NetworkDatabase.TableChange) throws -> (String, NetworkURL) {
            let url = try NetworkChoice.url(network)
            let table = table
            let role = try NetworkChoice.with(url) { network in try await network.change(table: table, change) }
            return (role, url)
        }
    }

    struct Suspend: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "suspend", abstract: "Stop a table publishing (its role cannot log in); its rows stay. resume undoes it.")
        @OptionGroup var change: Change
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let (role, _) = try change.apply(.suspend)
            AppContext(options: global).print("Suspended: role \(role) cannot log in and nothing it sends is taken, until convene network resume.")
        }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resume", abstract: "Let a suspended table publish again.")
        @OptionGroup var change: Change
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let (role, _) = try change.apply(.resume)
            AppContext(options: global).print("Resumed: role \(role) publishes again.")
        }
    }

    struct Reassign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reassign", abstract: "Let a table's role publish another laptop's group (its next publish binds it).")
        @OptionGroup var change: Change
        @OptionGroup var global: GlobalOptions
        func run() throws {
            _ = try change.apply(.reassign)
            AppContext(options: global).print("The table's next publish binds it to that laptop's group (and replaces its history).")
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate", abstract: "Clear a table's password and end its sessions; then set a new one with psql's \\password.")
        @OptionGroup var change: Change
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let (role, url) = try change.apply(.rotate)
            let context = AppContext(options: global)
            context.print("Role \(role) has no password now. Set the new one (psql asks for it and sends only a hash):")
            context.print("  psql \"\(url.redacted)\" -c '\\password \(role)'")
        }
    }

    struct Retire: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retire", abstract: "Delete a table's rows and its role (asks first).")
        @OptionGroup var change: Change
        @Flag(help: "Do not ask (for scripts).") var yes = false
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let context = AppContext(options: global)
            let name = TerminalText.sanitize(change.table, singleLine: true)
            try Confirmation.require(
                "Delete every row of table \"\(name)\" and its role? This cannot be undone.", yes: yes,
                refusal: CLIError.usage("retire deletes a table's rows and role: add --yes to do it from a script"), context: context)
            let (role, _) = try change.apply(.retire)
            context.print("Retired \"\(name)\": its rows and role \(role) are gone.")
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Write the network's rows and roles to FILE (restore brings them back on a fresh server, without psql or pg_dump).",
            discussion: """
                Taken in one snapshot by the network's owner. Run by a superuser, the file also keeps each role's \
                password hash, so laptops publish again after a restore as they did; the file is written 0600.
                """)

        @Argument(help: "The file to write.") var file: String
        @Option(help: ArgumentHelp("The network (default: CONVENE_NETWORK).", valueName: "URL")) var network: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            let url = try NetworkChoice.url(network)
            let path = (file as NSString).expandingTildeInPath
            let report = try NetworkChoice.with(url) { network in try await network.backup(to: path) }
            let passwords =
                report.passwords == report.roles
                ? "with their password hashes" : "\(report.passwords) of them with a password hash (a superuser's backup keeps them all)"
            context.print(
                "Backed up \(Plural.count(report.tables, "table")) (\(Plural.count(report.rows, "row"))) and \(Plural.count(report.roles, "role")), \(passwords), to \(TerminalText.sanitize(path, singleLine: true))."
            )
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Bring a network back from a backup FILE into an empty database: its schema, rows and roles.",
            discussion: """
                The database must exist (createdb) and hold no table of a network yet. Roles already on the \
                server are taken when they are this network's, and refused when they belong to another.
                """)

        @Argument(help: "The file `convene network backup` wrote.") var file: String
        @Option(help: ArgumentHelp("The network (default: CONVENE_NETWORK).", valueName: "URL")) var network: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            let url = try NetworkChoice.url(network)
            let path = (file as NSString).expandingTildeInPath
            let report = try NetworkChoice.with(url) { network in try await network.restore(from: path) }
            context.print(
                "Restored \(Plural.count(report.tables, "table")) (\(Plural.count(report.rows, "row"))) at \(url.redacted); \(Plural.count(report.createdRoles.count, "role")) made on this server."
            )
            if !report.withoutPassword.isEmpty {
                context.print("These roles have no password yet; set each (psql asks for it and sends only a hash):")
                for role in report.withoutPassword { context.print("  psql \"\(url.redacted)\" -c '\\password \(role)'") }
            }
        }
    }
}
