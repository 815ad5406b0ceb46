import ArgumentParser
import Foundation

/// `generate-manual convene --output-directory - | convene manual`: the installed man page
/// (ManualPage), from the parser's reference on standard input. `make install` runs it.
struct ManualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manual", abstract: "Write the man page from generate-manual's reference on standard input (make install runs it).",
        shouldDisplay: false)

    func run() throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        guard let reference = String(data: input, encoding: .utf8), reference.contains(".Sh ") else {
            throw CLIError.usage("standard input is not a man page: generate-manual convene --output-directory - | convene manual")
        }
        FileHandle.standardOutput.write(Data(ManualPage.page(reference: reference).utf8))
    }
}
