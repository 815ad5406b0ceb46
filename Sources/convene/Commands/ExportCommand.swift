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

    @Option(help: "The group (default: config group, else the one met most recently).", completion: Completions.groups) var group: String?
    @Option(help: "json or csv (default: csv when --out ends in .csv, else json).") var format: Format?
    @Option(
        help:
            "Write to this file instead of standard output (at a terminal with no --out: convene-export-GROUP-DAY.FORMAT in this folder)."
    ) var out: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = AppContext(options: global)
        let (_, chosen, history) = try GroupChoice.history(group, context: context, details: true)
        let document = ExportDocument(history: history)
        let format = format ?? (out?.lowercased().hasSuffix(".csv") == true ? .csv : .json)
        // Thousands of lines are no reading for a terminal: they go to a file named for the group and
        // the day, and the line after says where (a pipe or a redirect gets them as they are).
        var out = out
        if out == nil, context.terminal.outputIsTerminal {
            let name = chosen.name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
            out = "convene-export-\(name)-\(CivilClock.local.day(Date())).\(format.rawValue)"
        }
        switch format {
        case .json: try emit(try encodeJSON(document), out: out, context: context)
        case .csv: try emit(bytes: document.csvBytes(trends: Trends(history: history)), out: out, context: context)
        }
    }
}
