import ArgumentParser
import ConveneCore
import ConveneStore
import ConveneTerminal
import Foundation

struct SignalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signals",
        abstract: "The group's signals across sessions, with evidence and recommended activities."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "The group (default: config group, else the one met most recently).", completion: Completions.groups) var group: String?
    @Option(help: "text or json.") var format: Format = .text
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = AppContext(options: global)
        let library = try context.loadLibrary()
        let (_, chosen, history) = try GroupChoice.history(group, context: context)
        let signals = SignalDetector(library: library).signals(history)
        switch format {
        case .json: context.print(try encodeJSON(signals))
        case .text: context.show(SignalLines.lines(signals, group: chosen.name))
        }
    }
}
