import ArgumentParser
import ConveneCore
import ConveneNetwork
import ConveneStore
import Foundation

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Send the group's revealed history to the network: only what the threshold allows, in one transaction.",
        discussion: """
            What leaves the laptop: sessions (date, plan title, headcount by category), pulse aggregates that met \
            the larger of the group's k and the network's, segments as the remainder rule kept them, airtime by \
            category and its Gini, commitment and conflict counts and states, and the group's signals. Never raw \
            answers, ballots, seat labels or anything below k; comments only with --comments. Publishing again \
            changes nothing that has not changed; a failure leaves the server as it was and the store untouched.
            """
    )

    @Option(help: "The group (default: config group, else the one met most recently).", completion: Completions.groups) var group: String?
    @Option(help: ArgumentHelp("The network (default: CONVENE_NETWORK).", valueName: "URL")) var network: String?
    @Flag(help: "Also publish the anonymous comments of pulses that met the threshold.") var comments = false
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = AppContext(options: global)
        let url = try NetworkChoice.url(network)
        let library = try context.loadLibrary()
        let (_, chosen, history) = try GroupChoice.history(group, context: context)
        guard chosen.name.count <= NetworkPublication.groupNameLimit else {
            throw CLIError.usage(
                "the group's name has \(chosen.name.count) characters and a network takes at most \(NetworkPublication.groupNameLimit): convene groups rename gives it a shorter one"
            )
        }
        let comments = comments
        let groupID = chosen.networkId
        let report = try NetworkChoice.with(url) { network in
            try await network.publish(group: history.group, groupID: groupID) { networkK in
                NetworkPublication(history: history, library: library, networkK: networkK, comments: comments)
            }
        }
        let name = TerminalText.sanitize(chosen.name, singleLine: true)
        let what =
            "\(Plural.count(report.sessions, "session")), \(Plural.count(report.pulses, "pulse")), \(Plural.count(report.signals, "signal")) under k = \(report.k)"
        if report.changed == 0 {
            context.print("\(name) is already published as table \(report.table) at \(url.redacted): \(what); nothing changed.")
        } else {
            context.print("Published \(name) as table \(report.table) at \(url.redacted): \(what) (\(Plural.count(report.changed, "row")) changed).")
        }
    }
}
