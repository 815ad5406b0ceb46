import ArgumentParser
import ConveneTerminal
import Foundation

// Exit codes are DESIGN.md's: 0 ok, 1 failure, 2 bad usage or bad input; errors are one line on stderr.
LibraryLoad.startEarly(arguments: Array(CommandLine.arguments.dropFirst()))
do {
    var command = try Convene.parseAsRoot()
    try command.run()
} catch let error as CLIError {
    StandardOutput().writeError("convene: \(error.message)\n")
    exit(error.code)
} catch let error as ExitCode {
    exit(error.rawValue)
} catch {
    let code = Convene.exitCode(for: error)
    if code == .success || error is CleanExit {
        Convene.exit(withError: error)
    }
    if code == .validationFailure {
        // One line, as every other error: the message, then where to look.
        StandardOutput().writeError("convene: " + Convene.message(for: error).split(separator: "\n").joined(separator: " · ") + " (convene --help for usage)\n")
        exit(2)
    }
    // Store, library and other failures: one line, exit 1.
    StandardOutput().writeError("convene: \(error)\n")
    exit(1)
}
