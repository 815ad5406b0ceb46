import ConveneCore

/// The executable's one error type: a line for stderr and its kind (DESIGN.md: bad usage or bad
/// input is exit 2, a failure exit 1; `FailureKind.exitCode` says which number).
struct CLIError: ConveneError {
    var message: String
    var failureKind: FailureKind
    /// The lines were already written where it happened (a REPL's error, lint's problems): only the
    /// exit code is left to give.
    var alreadyShown = false

    static func usage(_ message: String) -> CLIError { CLIError(message: message, failureKind: .badInput) }
    static func failure(_ message: String) -> CLIError { CLIError(message: message, failureKind: .failure) }
    static func shown(_ kind: FailureKind) -> CLIError { CLIError(message: "", failureKind: kind, alreadyShown: true) }

    var description: String { message }
}
