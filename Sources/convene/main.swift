import ArgumentParser
import ConveneCore
import ConveneTerminal
import Foundation

// Exit codes are DESIGN.md's: 0 ok, 1 failure, 2 bad usage or bad input; errors are one line on stderr.
LibraryLoad.startEarly(arguments: Array(CommandLine.arguments.dropFirst()))
do {
    var command = try Convene.parseAsRoot()
    // After parsing, so that --help, --version and the completion scripts work with a broken file
    // (--help parses as the parser's own help command, which runs like any other).
    if type(of: command).configuration.commandName != "help", case .failure(let error) = Configuration.current { throw error }
    try command.run()
} catch let error as ExitCode {
    // The argument parser's own: its message was already written.
    exit(error.rawValue)
} catch {
    if Convene.exitCode(for: error) == .success || error is CleanExit {
        Convene.exit(withError: error)
    }
    let code = ExitStatus.kind(of: error).exitCode
    if let error = error as? CLIError, error.alreadyShown { exit(code) }
    if Convene.exitCode(for: error) == .validationFailure {
        // One error a line, each naming its option, then where to look.
        let lines = ArgumentErrorText.lines(Convene.message(for: error))
        for (index, line) in lines.enumerated() {
            let hint = index == lines.count - 1 ? " (convene --help for usage)" : ""
            StandardOutput().writeError("convene: " + TerminalText.sanitize(line, singleLine: true) + hint + "\n")
        }
    } else {
        StandardOutput().writeError("convene: \(TerminalText.sanitize("\(error)", singleLine: true))\n")
    }
    exit(code)
}
