import Foundation

/// Asking the facilitator before something that cannot be taken back. At a terminal the question
/// is asked; in a script (standard input not a terminal) nobody can answer, so the caller's flag
/// (`--yes`, `--new-group`) decides and without it the command stops with exit 2.
enum Confirmation {
    /// True when the person at the terminal answers yes. Only called when input is a terminal.
    static func ask(_ question: String, context: AppContext, defaultYes: Bool = false) -> Bool {
        context.output.writeError(question + (defaultYes ? " [Y/n] " : " [y/N] "))
        guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else {
            context.output.writeError("\n")
            return false
        }
        if answer.isEmpty { return defaultYes }
        return ["y", "yes", "s", "sí", "si"].contains(answer)
    }

    /// Asks at a terminal; in a script, `yes` answers, and without it `refusal` is thrown.
    static func require(_ question: String, yes: Bool, refusal: @autoclosure () -> CLIError, context: AppContext) throws {
        if yes { return }
        guard context.terminal.inputIsTerminal else { throw refusal() }
        guard ask(question, context: context) else { throw CLIError.failure("nothing was changed") }
    }
}
