import ArgumentParser
import ConveneCore
import ConveneNetwork
import Foundation

struct NetworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "A network of tables on a shared PostgreSQL server: its schema, each table's role, and the views across tables.",
        discussion: """
            The backbone runs `convene network init URL` once (again after an upgrade: it is idempotent), then \
            `convene network grant "TABLE"` for each table. Each table's laptop then runs `convene publish`; \
            `convene network reader NAME` gives the backbone's staff a role that reads every table, for \
            `convene network tables|trends|signals|report`.
            Passwords come from the URL, PGPASSWORD or ~/.pgpass; CONVENE_NETWORK is the default URL.
            """,
        subcommands: [
            Init.self, Grant.self, Reader.self, Status.self, Suspend.self, Resume.self, Reassign.self, Rotate.self, Retire.self, Backup.self,
            Restore.self,
            Tables.self,
            Trends.self, Signals.self, Report.self, Generate.self,
        ]
    )

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create or upgrade the network's schema (named migrations; running it again changes nothing)."
        )

        @Argument(help: ArgumentHelp("postgres://ROLE@HOST:PORT/DATABASE, or ?host=/socket/folder (default: CONVENE_NETWORK).", valueName: "URL"))
        var url: String?
        @Option(
            help: "The network's own anonymity threshold k, 3 to 10 (default 5): a table's figures are published under the larger of its k and this.")
        var k: Int?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            let url = try NetworkChoice.url(self.url)
            if let k, !(3...10).contains(k) {
                throw CLIError.usage("--k must be from 3 to 10: below 3, two people comparing notes could work out a third person's answer")
            }
            let k = self.k
            let report = try NetworkChoice.with(url) { network in try await network.initialize(k: k) }
            if report.applied.isEmpty {
                context.print(
                    "The network's schema at \(url.redacted) is up to date (\(Plural.count(report.present.count, "migration"))); k = \(report.k)\(report.kChanged ? " (changed)" : "")."
                )
            } else {
                context.print("Applied \(report.applied.joined(separator: ", ")) at \(url.redacted); the network's k = \(report.k).")
            }
            if report.kChanged {
                context.print(
                    "Withheld at once: \(Plural.count(report.withheldPulses, "pulse")) and \(Plural.count(report.withheldSegments, "segment")) below k = \(report.k) (published again only if a lower k lets them through)."
                )
            }
            context.print("Next: convene network grant \"TABLE\" --network \(url.redacted)   (one role per table)")
        }
    }

    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grant",
            abstract: "Add a table to the network with its own writer role: it can write only its own rows (row-level security)."
        )

        @Argument(help: "The table's name, e.g. \"Steering Committee\" (its role is convene_<database>_t_ and the name in lower case).") var table:
            String
        @Option(help: ArgumentHelp("The network (default: CONVENE_NETWORK).", valueName: "URL")) var network: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = AppContext(options: global)
            let url = try NetworkChoice.url(network)
            let table = table
            let report = try NetworkChoice.with(url) { network in try await network.grant(table: table) }
            var tableURL = url
            tableURL.user = report.role
            let name = TerminalText.sanitize(report.name, singleLine: true)
            context.print(
                report.created
                    ? "Table \"\(name)\" (id \(report.table)) publishes as role \(report.role)."
                    : "Table \"\(name)\" (id \(report.table)) already publishes as role \(report.role); nothing changed.")
            context.print("Set the role's password (psql asks for it and sends only a hash):")
            context.print("  psql \"\(url.redacted)\" -c '\\password \(report.role)'")
            context.print("On that table's laptop:")
            context.print("  export CONVENE_NETWORK='\(tableURL.redacted)'")
            context.print("  and the password in ~/.pgpass (chmod 600), or in PGPASSWORD; then: convene publish --group \"GROUP\"")
        }
    }
}
