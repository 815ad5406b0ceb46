/// A facilitator's command at the REPL, parsed from one line.
public enum Command: Sendable, Equatable {
    case help(String?)
    case agenda
    case next
    case back
    case goto(Int)
    case skip
    case note(String)
    case show(String)
    case find(String)
    case end
    case quit
}
