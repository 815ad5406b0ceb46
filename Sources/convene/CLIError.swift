/// An error that ends a command: printed as one line on stderr, with the exit code of DESIGN.md
/// (1 failure, 2 bad usage or bad input).
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var code: Int32

    static func usage(_ message: String) -> CLIError { CLIError(message: message, code: 2) }
    static func failure(_ message: String) -> CLIError { CLIError(message: message, code: 1) }

    var description: String { message }
}
