import ArgumentParser
import ConveneCore
import ConveneTerminal
import Foundation

// Exit codes are DESIGN.md's: 0 ok, 1 failure, 2 bad usage or bad input; errors are one line on stderr.
LibraryLoad.startEarly(arguments: Array(CommandLine.arguments.dropFirst()))
do {
    var command = try Convene.parseAsRoot()
    try command.run()
} catch let error as ExitCode {
    // The message was already written where the error happened.
    exit(error.rawValue)
} catch {
    if Convene.exitCode(for: error) == .success || error is CleanExit {
        Convene.exit(withError: error)
    }
    let code = ExitStatus.code(for: error)
    if Convene.exitCode(for: error) == .validationFailure {
        // One line, as every other error: the message, then where to look.
        StandardOutput().writeError("convene: " + Convene.message(for: error).split(separator: "\n").joined(separator: " · ") + " (convene --help for usage)\n")
    } else {
        StandardOutput().writeError("convene: \(TerminalText.sanitize("\(error)", singleLine: true))\n")
    }
    exit(code)
}
