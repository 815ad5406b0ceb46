import ArgumentParser
import ConveneCore
import ConveneTerminal

/// The kind of whatever ended a command. Convene's own errors say theirs (`ConveneError`); the
/// argument parser's are bad usage when it could not read the command line. The number comes from
/// `FailureKind.exitCode` alone.
enum ExitStatus {
    static func kind(of error: any Error) -> FailureKind {
        if error is any ConveneError { return FailureKind(of: error) }
        return Convene.exitCode(for: error) == .validationFailure ? .badInput : .failure
    }

    /// A REPL's end as a command's: nothing for a clean end, else its kind, already shown.
    static func check(_ outcome: ReplLoop.Outcome) throws(CLIError) {
        if case .failed(let kind) = outcome { throw .shown(kind) }
    }
}
