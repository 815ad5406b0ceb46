/// The result of one facilitation step: the new state, the events to store before answering,
/// and what to show.
public struct Step: Sendable {
    public var state: SessionState
    public var events: [SessionEvent]
    public var output: [OutputLine]
    /// The REPL should close after showing the output (/end, /quit).
    public var leave: Bool

    public init(state: SessionState, events: [SessionEvent] = [], output: [OutputLine] = [], leave: Bool = false) {
        self.state = state
        self.events = events
        self.output = output
        self.leave = leave
    }
}
