import ConveneCore
import Foundation

/// The REPL loop around the facilitation core: read a line, step the core, store the events,
/// and only then answer. Interactive sessions go on after an error; piped ones stop with exit 2.
public final class SessionRunner {
    public enum Outcome: Equatable, Sendable {
        /// The session ended or the facilitator left; exit 0.
        case done
        /// A bad line in piped mode; exit 2.
        case badInput
        /// The store could not keep a step; exit 1.
        case storeFailed
    }

    /// What the runner needs from storage, as closures so this module does not depend on the store.
    public struct Storage {
        public var append: ([SessionEvent]) throws -> Void
        public var addAnswers: ([PulseAnswer], Int) throws -> Void
        public var history: () throws -> GroupHistory
        /// All answers of the session, to pick up those that came from phones.
        public var answers: () throws -> [Int: [PulseAnswer]]
        /// The participants' page, when this session can serve one.
        public var web: WebHooks?

        public init(append: @escaping ([SessionEvent]) throws -> Void, addAnswers: @escaping ([PulseAnswer], Int) throws -> Void,
                    history: @escaping () throws -> GroupHistory, answers: @escaping () throws -> [Int: [PulseAnswer]] = { [:] }, web: WebHooks? = nil) {
            self.append = append
            self.addAnswers = addAnswers
            self.history = history
            self.answers = answers
            self.web = web
        }
    }

    /// What the runner asks of the participants' page.
    public struct WebHooks {
        /// /web on, off or status; returns what to show, or throws what went wrong.
        public var perform: (Command.WebAction, SessionState) throws -> [OutputLine]
        /// After every step: the open pulse and the headcount.
        public var sync: (SessionState) -> Void
        /// Lines to show between keystrokes (a rotated code, no phone reaching the page).
        public var notices: () -> [String]
        public var isRunning: () -> Bool
        /// Answers that phones gave to a pulse so far (kept in memory by the page, no store read).
        public var answered: (Int) -> Int

        public init(perform: @escaping (Command.WebAction, SessionState) throws -> [OutputLine], sync: @escaping (SessionState) -> Void,
                    notices: @escaping () -> [String], isRunning: @escaping () -> Bool, answered: @escaping (Int) -> Int) {
            self.perform = perform
            self.sync = sync
            self.notices = notices
            self.isRunning = isRunning
            self.answered = answered
        }
    }

    public private(set) var state: SessionState
    let facilitator: Facilitator
    let storage: Storage
    let reader: LineReading
    let output: OutputSink
    let styler: Styler
    let interactive: Bool
    let clock: () -> Date
    /// The timer generation whose end was already announced: one bell per countdown.
    var announcedTimer = 0
    /// How many phone answers to the open pulse the state already holds, per pulse.
    var pulledWebAnswers: [Int: Int] = [:]
    /// Clearing the screen matters only on a terminal; piped output stays readable.
    public var clearsScreen: Bool

    public init(
        facilitator: Facilitator, state: SessionState, storage: Storage,
        reader: LineReading, output: OutputSink, styler: Styler, interactive: Bool, clock: @escaping () -> Date = Date.init
    ) {
        self.facilitator = facilitator
        self.state = state
        self.storage = storage
        self.reader = reader
        self.output = output
        self.styler = styler
        self.interactive = interactive
        self.clock = clock
        clearsScreen = interactive
        announcedTimer = state.timer.map { $0.remaining(at: clock()) <= 0 ? $0.generation : 0 } ?? 0
        if let editor = reader as? LineEditor {
            editor.promptProvider = { [unowned self] in self.prompt }
            editor.tick = { [unowned self] in self.timerNotice() }
        }
    }

    public func show(_ lines: [OutputLine]) {
        output.write(styler.render(lines))
    }

    func fail(_ message: String) {
        output.writeError(styler.paint("convene: " + TerminalText.sanitize(message, singleLine: true), .error) + "\n")
    }

    public var prompt: String {
        refreshAnswers()
        return Prompt.text(for: state, now: clock())
    }

    /// Picks up answers that phones gave since the last look. The prompt is drawn often, so the
    /// store is read only when the page says new answers came in.
    func refreshAnswers() {
        guard let web = storage.web, let open = state.openPulse else { return }
        let phones = web.answered(open.number)
        guard phones != pulledWebAnswers[open.number, default: 0], let all = try? storage.answers(),
              let index = state.pulses.firstIndex(where: { $0.number == open.number }) else { return }
        state.pulses[index].answers = all[open.number] ?? []
        pulledWebAnswers[open.number] = phones
    }

    /// A bell and one line when the current countdown reaches zero; nil otherwise.
    public func timerNotice() -> [String] {
        var lines = (storage.web?.notices() ?? []).map { styler.paint(TerminalText.sanitize($0, singleLine: true), .warning) }
        if let line = timerLine() { lines.append(line) }
        return lines
    }

    func timerLine() -> String? {
        guard let timer = state.timer, timer.isRunning, timer.generation != announcedTimer, timer.remaining(at: clock()) <= 0,
              let item = state.currentItem else { return nil }
        announcedTimer = timer.generation
        return ("\u{07}" + styler.paint("Time is up for \(TerminalText.sanitize(item.title, singleLine: true)) (\(Int(timer.seconds / 60)) min). /timer +5 adds five minutes; /next moves on.", .warning))
    }

    public func run() -> Outcome {
        while true {
            switch reader.readLine(prompt: prompt) {
            case .endOfInput:
                if interactive { show([.dim("Left the session; it stays open. convene resume picks it up again.")]) }
                return .done
            case .interrupted:
                continue
            case .invalid(let message):
                fail(message)
                if !interactive { return .badInput }
            case .line(let line):
                let command: Command?
                do {
                    command = try CommandParser.parse(line)
                } catch {
                    fail(error.description)
                    if !interactive { return .badInput }
                    continue
                }
                guard let command else { continue }
                refreshAnswers()
                let step: Step
                do {
                    step = try facilitator.step(state, command, at: clock())
                } catch {
                    fail(error.description)
                    if !interactive { return .badInput }
                    continue
                }
                do {
                    try storage.append(step.events)
                } catch {
                    // Nothing is acknowledged that was not stored: the state stays as it was.
                    fail("\(error)")
                    return .storeFailed
                }
                state = step.state
                storage.web?.sync(state)
                show(step.output)
                for effect in step.effects {
                    switch effect {
                    case .web(let action):
                        guard let web = storage.web else {
                            fail("the participants' page is not available here")
                            if !interactive { return .badInput }
                            continue
                        }
                        do {
                            show(try web.perform(action, state))
                            web.sync(state)
                        } catch {
                            fail("\(error)")
                            if !interactive { return .badInput }
                        }
                    case .signals, .trends:
                        do {
                            let history = try storage.history()
                            show(effect == .signals
                                 ? SignalLines.lines(SignalDetector(library: facilitator.library).signals(history), group: history.group)
                                 : Trends(history: history).lines())
                        } catch {
                            // The store could not be read: a script stops here, as for a step it could not keep.
                            fail("\(error)")
                            if !interactive { return .storeFailed }
                        }
                    case .passRound(let pulse):
                        if let outcome = passRound(pulse: pulse) { return outcome }
                    case let .writeFile(path, contents):
                        do {
                            try contents.write(toFile: path, atomically: true, encoding: .utf8)
                        } catch {
                            fail("could not write \(path): \(error.localizedDescription) (the summary is kept: convene sessions show)")
                        }
                    }
                }
                if step.leave {
                    if let web = storage.web, web.isRunning(), let lines = try? web.perform(.off, state) { show(lines) }
                    return .done
                }
            }
        }
    }

    /// Clears the screen and the terminal's scrollback, so the next person cannot scroll back to
    /// the previous answer.
    static let clearScreen = "\u{1B}[H\u{1B}[2J\u{1B}[3J"

    func clear() {
        output.write(clearsScreen ? Self.clearScreen : "\n")
    }

    /// A pass-the-keyboard round: each participant sees only the question; after each answer the
    /// screen and scrollback are cleared. Only the facilitator's close word ends the round.
    func passRound(pulse number: Int) -> Outcome? {
        guard let pulse = state.pulses.first(where: { $0.number == number }) else { return nil }
        reader.isPrivate = true
        defer { reader.isPrivate = false }
        show([.dim("Choose a close word for this round. Participants will not see it; typing it ends the round.")])
        var closeWord = ""
        while closeWord.isEmpty {
            switch reader.readLine(prompt: "close word> ") {
            case .line(let word):
                closeWord = word.trimmingCharacters(in: .whitespaces)
                if closeWord.hasPrefix("/") || closeWord.count < 3 {
                    show([OutputLine("Pick a word of three or more letters that does not start with /.", .warning)])
                    closeWord = ""
                }
            case .endOfInput, .invalid:
                if !interactive { return .badInput }
                show([.dim("Round cancelled.")])
                return nil
            case .interrupted:
                show([.dim("Round cancelled.")])
                return nil
            }
        }
        var given = 0
        var problem: String?
        while true {
            clear()
            var screen: [OutputLine] = [
                .heading("Anonymous question"),
                OutputLine("“\(TerminalText.sanitize(pulse.question.text))”", .emphasis),
                .dim("Answer with \(pulse.question.answerHint)."),
                .dim("Press Enter when done. The screen is cleared after every answer; nobody sees what you typed."),
            ]
            if let problem { screen.append(OutputLine(problem, .warning)) }
            show(screen)
            switch reader.readLine(prompt: "your answer> ") {
            case .endOfInput:
                // Ctrl-D from a participant does not end the round; the end of a script does.
                if !interactive {
                    clear()
                    return .badInput
                }
                problem = nil
                continue
            case .interrupted, .invalid:
                problem = nil
                continue
            case .line(let line):
                if line.trimmingCharacters(in: .whitespaces) == closeWord {
                    clear()
                    let total = state.pulses.first { $0.number == number }?.answers.count ?? given
                    show([OutputLine("Round closed: \(given) answer\(given == 1 ? "" : "s") in this round, \(total) in pulse \(number). /close ends the pulse and shows what the threshold allows.", .success)])
                    return nil
                }
                let answer: PulseAnswer
                do {
                    answer = try PulseAnswer.parse(line, for: pulse.question)
                } catch {
                    problem = "That answer could not be read: \(error.description)."
                    continue
                }
                do {
                    try storage.addAnswers([answer], number)
                } catch {
                    clear()
                    fail("\(error)")
                    return .storeFailed
                }
                state.record([answer], pulse: number)
                given += 1
                problem = nil
                clear()
                show([OutputLine("Thank you: your answer is saved, anonymously. Please pass the keyboard on.", .success)])
            }
        }
    }
}
