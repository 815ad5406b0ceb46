import ArgumentParser
import ConveneCore
import ConveneStore
import ConveneTerminal
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Export a group's sessions, pulses (aggregates; raw answers only above the threshold, shuffled), conflicts, commitments and airtime."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv }

    @Option(help: "The group (default: config group, else the one met most recently).") var group: String?
    @Option(help: "json or csv.") var format: Format
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = AppContext(options: global)
        let (_, _, history) = try GroupChoice.history(group, context: context, details: true)
        let document = ExportDocument(history: history)
        switch format {
        case .json: try emit(try encodeJSON(document), out: out, context: context)
        case .csv: try emit(bytes: document.csvBytes(trends: Trends(history: history)), out: out, context: context)
        }
    }
}
