import ArgumentParser
import ConveneCore
import ConveneStore
import ConveneTerminal
import Foundation

struct DecisionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions",
        abstract: "The group's decisions log: what it decided or put off, how, with what support and who was present."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, md, json, csv }

    @Option(help: "The group (default: config group, else the one met most recently).", completion: Completions.groups) var group: String?
    @Option(help: "text, md, json or csv.") var format: Format = .text
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = AppContext(options: global)
        let store = try context.openStoreForReading()
        let chosen = try GroupChoice.resolve(group, store: store)
        guard let store else { return }
        let log = try store.decisionLog(group: chosen)
        switch format {
        case .text: context.show(log.lines())
        case .md: context.print(log.markdown())
        case .json: context.print(try encodeJSON(log.rows))
        case .csv: context.print(log.csv())
        }
    }
}
