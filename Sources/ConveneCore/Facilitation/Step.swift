/// The result of one facilitation step: the new state, the events to store before answering,
/// what to show, and anything the shell must do that the core cannot (it does no I/O).
public struct Step: Sendable {
    public enum Effect: Sendable, Equatable {
        /// Run a pass-the-keyboard round for this pulse.
        case passRound(pulse: Int)
        /// Start, stop or show the participants' page.
        case web(Command.WebAction)
        /// Ask the facilitator, at a terminal, for the seat category of a label not on the roster.
        case askCategory(label: String)
        /// Write the summary to a file (/end --out).
        case writeFile(path: String, contents: String)
        /// The output is a card: a terminal shows its first screen (what fits its rows, with the
        /// lines above it, like what the group carries) and says that /card shows all of it.
        case firstScreen
        /// Clear the screen (a terminal only; a script's output stays as it is).
        case clearScreen
    }

    public var state: SessionState
    public var events: [SessionEvent]
    public var output: [OutputLine]
    /// The REPL should close after showing the output (/end, /quit).
    public var leave: Bool
    public var effects: [Effect]
    /// The group's history to show, read by the live session from the store (it is not the core's).
    public enum HistoryView: Sendable, Equatable {
        case signals
        case trends
    }

    public var history: HistoryView?
    /// What each pulse closed by the events keeps: the store carries it out with the events.
    public var seals: [PulseSeal] = []

    public init(state: SessionState, events: [SessionEvent] = [], output: [OutputLine] = [], leave: Bool = false, effects: [Effect] = []) {
        self.state = state
        self.events = events
        self.output = output
        self.leave = leave
        self.effects = effects
    }
}
