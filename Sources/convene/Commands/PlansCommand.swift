import ArgumentParser
import ConveneCore
import ConveneTerminal

struct PlansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans", abstract: "List the plan templates (sessions/ and your own library's): name, title and minutes.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = AppContext(options: global)
        let library = try context.loadLibrary()
        context.show([.heading("Plan templates · convene start NAME runs one")] + HomeScreen.planLines(library))
    }
}
