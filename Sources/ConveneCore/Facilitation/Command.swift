/// A facilitator's command at the REPL, parsed from one line.
public enum Command: Sendable, Equatable {
    public enum TimerAction: Sendable, Equatable {
        case show
        case set(minutes: Double)
        case add(minutes: Double)
        case pause
        case resume
    }

    public enum PulseRequest: Sendable, Equatable {
        /// /checkin, /checkout, or /pulse with nothing: the library's default for that moment.
        case checkin
        case checkout
        case current
        case library(id: String)
        case adHoc(text: String, answer: PulseSpec.Answer, scale: PulseSpec.Scale?)
        /// Any of the above, asked after a segment question (`--by category`, `--by "QUESTION" A,B,C`).
        /// `force`: open it even when the room is too small for any segment to be shown.
        indirect case segmented(PulseRequest, by: SegmentRequest, force: Bool = false)
    }

    public enum SegmentRequest: Sendable, Equatable {
        case category
        case own(question: String, options: [String])
    }

    public enum WebAction: Sendable, Equatable {
        case on(bind: String?)
        case off
        case status
        /// A new join code, only when the facilitator asks (a stranger can never change it).
        case newCode
    }

    case help(String?)
    case agenda
    case prep
    case next
    case back
    case goto(Int)
    case skip
    case add(id: String, at: Int?)
    case drop(Int)
    case timer(TimerAction)
    case note(String)
    /// `/notes`, `/edit N TEXT`, `/delete N`: this session's notes, by the numbers `/notes` shows.
    case notes
    case edit(Int, text: String)
    case delete(Int)
    /// Takes back the last note, turn, conflict, commitment or agreement (or its resolution, done, retirement).
    case undo
    /// The whole card of the current activity again; what the group carries.
    case card
    case carried
    case show(String)
    case find(String)
    case conflict(String)
    case conflicts
    case resolve(Int, note: String?)
    case commit(owner: String, action: String, due: DueInput)
    case commitments
    case done(Int)
    case agree(String)
    case agreements
    case retire(Int)
    case spoke(String)
    case relabel(from: String, to: String)
    case airtime
    case present(Int)
    /// `/present resident=4 grassroots=3 ...`
    case presentBy([CategoryCount])
    case here([String])
    case seat(label: String, category: String, organization: String?)
    case roster
    case pulse(PulseRequest)
    case pass
    /// `force` (`/close --force`) skips the terminal's question before closing below the threshold.
    case close(force: Bool)
    case results(Int?)
    case signals
    case web(WebAction)
    case trends
    /// The group's business: the current item, one added while running, and deciding.
    case item
    case addItem(BusinessItem)
    case propose(String)
    /// `/decide [METHOD [A,B,C]]`: the room's stance on the open proposal.
    case decide(method: DecisionMethod?, options: [String])
    case stance(label: String, level: String)
    /// `/decided TEXT [review DATE]` and `/deferred TEXT`.
    case decided(String, review: DueInput)
    case deferred(String)
    case decisions
    /// `/clear` (and Ctrl-L): a clean screen at a terminal.
    case clear
    case end(out: String?)
    case quit

    /// `/close` as typed without `--force`.
    public static var close: Command { .close(force: false) }
}

/// A due date as typed: resolved against the session's date by the facilitator core.
public enum DueInput: Sendable, Equatable {
    case none
    case day(year: Int, month: Int, day: Int)
    case inDays(Int)
    case nextSession
}
