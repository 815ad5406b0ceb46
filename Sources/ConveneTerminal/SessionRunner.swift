import ConveneCore
import ConveneSession
import Foundation

/// The REPL loop around a LiveSession: read a line, hand it over, print the reply. The session
/// commits before it replies; this loop only reads, prints, and runs what needs the terminal (the
/// pass-the-keyboard round, questions to the facilitator). Interactive sessions go on after an
/// error; piped ones stop with the exit code of the error's kind.
public final class SessionRunner {
    public typealias Outcome = ReplLoop.Outcome

    /// What the runner asks of the participants' page, as closures so this module does not depend on it.
    public struct WebHooks {
        /// /web on, off or status; returns what to show, or throws what went wrong.
        public var perform: (Command.WebAction) throws -> [OutputLine]
        /// Lines to show between keystrokes (a rotated code, a phone that found the room full).
        public var notices: () -> [String]
        public var isRunning: () -> Bool
        /// The session has ended: stop serving.
        public var ended: () -> Void
        /// The facilitator leaves with the session open: stop serving until a resume, keeping the door.
        public var leave: () -> [OutputLine]

        public init(
            perform: @escaping (Command.WebAction) throws -> [OutputLine], notices: @escaping () -> [String],
            isRunning: @escaping () -> Bool, ended: @escaping () -> Void, leave: @escaping () -> [OutputLine]
        ) {
            self.perform = perform
            self.notices = notices
            self.isRunning = isRunning
            self.ended = ended
            self.leave = leave
        }
    }

    public let live: LiveSession
    let web: WebHooks?
    let reader: LineReading
    let output: OutputSink
    let fixedStyler: Styler
    let interactive: Bool
    /// True when the output is a terminal whose size can change mid-session (the projector
    /// plugged in): the width and height are read again before each reply and each prompt.
    public var followsTerminal = false

    /// The styler for the screen as it is now.
    var styler: Styler {
        guard followsTerminal else { return fixedStyler }
        var now = fixedStyler
        now.width = TerminalInfo.currentWidth()
        now.height = TerminalInfo.currentHeight()
        return now
    }
    /// The timer generation whose end was already announced: one bell per countdown.
    var announcedTimer = 0
    /// After a /pass that could not start, plain lines may be a close word or an answer: they are
    /// not taken as notes (nor kept in history) until the facilitator types a command.
    var guarded = false
    /// Clearing the screen matters only on a terminal; piped output stays readable.
    public var clearsScreen: Bool

    public init(live: LiveSession, web: WebHooks? = nil, reader: LineReading, output: OutputSink, styler: Styler, interactive: Bool) {
        self.live = live
        self.web = web
        self.reader = reader
        self.output = output
        fixedStyler = styler
        self.interactive = interactive
        clearsScreen = interactive
        let state = live.state
        announcedTimer = state.timer.map { $0.remaining(at: live.now) <= 0 ? $0.generation : 0 } ?? 0
        if let editor = reader as? LineEditor {
            editor.promptProvider = { [unowned self] in self.prompt }
            editor.tick = { [unowned self] in self.timerNotice() }
        }
    }

    public var state: SessionState { live.state }

    public func show(_ lines: [OutputLine]) {
        let screen = styler
        let text = screen.render(lines)
        // Longer than the screen at a terminal (/help, /show, the /end summary): through the pager,
        // as git and psql do, so it does not scroll away. Never in a script.
        if followsTerminal, interactive, screen.height != .max, text.reduce(0, { $1 == "\n" ? $0 + 1 : $0 }) > screen.height - 2,
            Pager.page(text)
        {
            return
        }
        output.write(text)
    }

    /// A card (the opening, /next): what fits the screen, and a line about the rest.
    public func showFirstScreen(_ lines: [OutputLine]) {
        output.write(styler.renderFirstScreen(lines))
    }

    func fail(_ message: String) {
        output.writeError(styler.paint("convene: " + TerminalText.sanitize(message, singleLine: true), .error) + "\n")
    }

    /// The outcome of an error in piped mode, from its kind (interactive sessions go on).
    func outcome(for error: any ConveneError) -> Outcome? {
        interactive ? nil : .failed(error.failureKind)
    }

    public var prompt: String { Prompt.text(for: live.state, now: live.now, width: styler.width) }

    /// A bell and one line when the current countdown reaches zero, and the page's notices.
    public func timerNotice() -> [String] {
        var lines = (web?.notices() ?? []).map { styler.paint(TerminalText.sanitize($0, singleLine: true), .warning) }
        if let line = timerLine() { lines.append(line) }
        return lines
    }

    /// The page's notices, in a script.
    func showNotices() {
        guard let web else { return }
        show(web.notices().map { OutputLine(TerminalText.sanitize($0, singleLine: true), .warning) })
    }

    func timerLine() -> String? {
        let state = live.state
        guard let timer = state.timer, timer.isRunning, timer.generation != announcedTimer, timer.remaining(at: live.now) <= 0,
            let item = state.currentItem
        else { return nil }
        announcedTimer = timer.generation
        return
            ("\u{07}"
            + styler.paint(
                "Time is up for \(TerminalText.sanitize(item.title, singleLine: true)) (\(Int(timer.seconds / 60)) min). /timer +5 adds five minutes; /next moves on.",
                .warning))
    }

    public func run() -> Outcome {
        // A script's notices show while it waits for its next line, not only after it.
        let piped = web == nil || interactive ? nil : reader as? PipedLineReader
        piped?.whileWaiting = { [unowned self] in self.showNotices() }
        defer { piped?.whileWaiting = nil }
        let outcome = ReplLoop.run(
            reader: reader, interactive: interactive, prompt: { prompt }, fail: fail,
            beforeRead: { reader.isPrivate = guarded },
            atEnd: {
                if interactive { show([.dim("Left the session; it stays open. convene resume picks it up again.")]) }
            },
            handle: handle
        )
        // However the REPL ends (Ctrl-D, a script's last line, a bad line, a failed store), a pulse
        // left open keeps no trace of the order of answering.
        if !live.state.isEnded { show(live.leave()) }
        return outcome
    }

    /// One line: nil to go on, or how the REPL ends.
    func handle(_ line: String) -> Outcome? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if guarded, !trimmed.isEmpty, !trimmed.hasPrefix("/") {
            show([
                OutputLine(
                    "Not kept: after a /pass that could not start, a plain line may be a close word or an answer, so it is not taken as a note. /note TEXT notes it.",
                    .warning)
            ])
            return nil
        }
        let command: Command?
        do {
            command = try CommandParser.parse(line)
        } catch {
            fail(error.description)
            return outcome(for: error)
        }
        guard var command else { return nil }
        guarded = false
        if interactive {
            guard let confirmed = confirmed(command) else { return nil }
            command = confirmed
        }
        let reply: LiveSession.Reply
        do {
            reply = try live.perform(command)
        } catch {
            fail(error.description)
            if command == .pass { guarded = true }
            return outcome(for: error)
        }
        if reply.effects.contains(.firstScreen) { showFirstScreen(reply.output) } else { show(reply.output) }
        // A script has no idle keystrokes to show the page's notices between: they follow each
        // reply, and show while the script's next line is awaited.
        if !interactive { showNotices() }
        for effect in reply.effects {
            if let outcome = run(effect) { return outcome }
        }
        if live.state.isEnded { web?.ended() }
        if reply.leave {
            // Leaving closes the page for good (/web off only pauses it); the store keeps its door,
            // so a resume offers it again with the same code.
            if let web { show(web.leave()) }
            return .done
        }
        return nil
    }

    /// The command as the facilitator confirmed it (a segmented pulse in a small room is opened
    /// with --force once they say yes), or nil when they say no.
    func confirmed(_ command: Command) -> Command? {
        if case .pulse(.segmented(let inner, let by, false)) = command,
            let warning = live.facilitator.segmentWarning(live.state, .segmented(inner, by: by))
        {
            guard agrees("Segmented pulse: \(warning). Ask it anyway? [y/N] ") else {
                show([.dim("Not opened. /pulse without --by asks it of the whole room.")])
                return nil
            }
            return .pulse(.segmented(inner, by: by, force: true))
        }
        return confirm(command) ? command : nil
    }

    /// Questions the terminal asks before a command: the headcount before phones or a pass round
    /// can answer (k counts people), and whether /end should close a pulse that is still open.
    /// False when the facilitator says no.
    func confirm(_ command: Command) -> Bool {
        let state = live.state
        switch command {
        case .pass where state.openPulse != nil && state.headcount == nil, .web(.on) where state.headcount == nil:
            show([.dim("A pulse takes at most one answer per person present, and no more phones than people can join.")])
            // A headcount that is not a number is asked again (never taken as a note or an answer);
            // Enter alone, Ctrl-C or Ctrl-D leaves without starting.
            var question = "How many people are in the room? "
            while true {
                guard case .line(let text) = ask(question), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                    show([.dim("Not started: /present N sets the headcount.")])
                    return false
                }
                guard let count = Int(text.trimmingCharacters(in: .whitespaces)), count > 0 else {
                    question = "Please type the number of people as digits, like 12 (Enter alone cancels): "
                    continue
                }
                do {
                    show(try live.perform(.present(count)).output)
                } catch {
                    fail(error.description)
                    return false
                }
                return true
            }
        case .close(force: false) where live.facilitator.closeQuestion(state) != nil:
            // The same question the core words; a script is not asked (its reply says what was kept).
            guard agrees(live.facilitator.closeQuestion(state)!) else {
                show([.dim("The pulse stays open: /pass or the page collects more answers; /close --force closes it without asking.")])
                return false
            }
            return true
        case .end where state.openPulse != nil:
            let open = state.openPulse!
            guard
                agrees(
                    "Pulse \(open.number) is still open (\(Plural.count(open.answers.count, "answer"))\(live.facilitator.closeQuestion(state) != nil ? "; closing it now shows nothing, only the count is kept" : "")). /end closes it and the session. End now? [y/N] "
                )
            else {
                show([.dim("The session goes on. /close closes the pulse first.")])
                return false
            }
            return true
        default:
            return true
        }
    }

    /// A [y/N] question: only a yes goes ahead (Enter, Ctrl-C and Ctrl-D are a no).
    func agrees(_ question: String) -> Bool {
        guard case .line(let text) = ask(question) else { return false }
        return ["y", "yes"].contains(text.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// A question of the REPL's own: its prompt stays (no session prompt redrawn over it) and the
    /// answer stays out of history.
    func ask(_ question: String) -> LineInput {
        reader.isPrivate = true
        defer { reader.isPrivate = false }
        return reader.readLine(prompt: question)
    }

    func run(_ effect: Step.Effect) -> Outcome? {
        switch effect {
        case .web(let action):
            guard let web else {
                fail("the participants' page is not available here")
                return interactive ? nil : .failed(.badInput)
            }
            do {
                show(try web.perform(action))
            } catch {
                fail("\(error)")
                if !interactive { return .failed(FailureKind(of: error)) }
            }
        case .passRound(let pulse):
            return passRound(pulse: pulse)
        case .writeFile(let path, let contents):
            do {
                try contents.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                fail("could not write \(path): \(error.localizedDescription) (the summary is kept: convene sessions show)")
            }
        case .askCategory(let label):
            // Asked once, at a terminal; a script has the hint in the reply.
            guard interactive else { break }
            let categories = live.state.context.categories
            switch ask("Seat category for \(TerminalText.sanitize(label, singleLine: true))? \(categories.joined(separator: ", ")) (Enter skips)> ") {
            case .line(let text):
                let category = text.trimmingCharacters(in: .whitespaces).lowercased()
                guard !category.isEmpty else { break }
                // A line that starts with / is a command, always: the question is dropped, said so,
                // and the command runs (a facilitator who moved on must not lose the next turn).
                if category.hasPrefix("/") {
                    show([.dim("No category set for \(TerminalText.sanitize(label, singleLine: true)) (/seat LABEL CATEGORY sets it later).")])
                    return handle(text)
                }
                do {
                    show(try live.perform(.seat(label: label, category: category, organization: nil)).output)
                } catch {
                    fail(error.description)
                }
            default:
                break
            }
        case .firstScreen:
            break  // how the reply was shown
        case .clearScreen:
            if clearsScreen { output.write(Self.clearScreen) }
        }
        return nil
    }

    /// The close word was typed, at the answer, the segment question or the next person's Enter:
    /// one message whichever.
    func closeRound(given: Int, pulse number: Int) -> Outcome? {
        clear()
        let total = live.state.pulses.first { $0.number == number }?.answers.count ?? given
        show([
            OutputLine(
                "Round closed: \(Plural.count(given, "answer")) in this round, \(total) in pulse \(number). /close ends the pulse and shows what the threshold allows.",
                .success)
        ])
        return nil
    }

    enum SegmentChoice {
        case chosen(String)
        case closed, cancelled
    }

    /// The segment question of a segmented pulse, asked after the answer is typed and before it is
    /// saved, on the same cleared screen: numbered choices, "prefer not to say" always among them.
    func segmentChoice(_ segments: PulseSegments, language: ParticipantLanguage, closeWord: String) -> SegmentChoice {
        var problem: String?
        while true {
            clear()
            var screen: [OutputLine] = [OutputLine("“\(TerminalText.sanitize(segments.question(in: language)))”", .emphasis)]
            for (index, choice) in segments.choices.enumerated() {
                screen.append(OutputLine("  \(index + 1). \(TerminalText.sanitize(segments.name(choice, in: language), singleLine: true))"))
            }
            screen.append(
                .dim(
                    language.pick(
                        "Type the number of your choice and press Enter. Only the count of each group is used, and only when it is large enough to hide any one answer.",
                        "Escribe el número de tu opción y pulsa Enter. Solo se usa el total de cada grupo, y solo si es lo bastante grande para que ninguna respuesta se pueda reconocer."
                    )))
            if let problem { screen.append(OutputLine(problem, .warning)) }
            show(screen)
            switch reader.participantReader().readSecret(prompt: language.pick("your choice> ", "tu opción> ")) {
            case .line(let line):
                if line.trimmingCharacters(in: .whitespaces) == closeWord { return .closed }
                if let choice = segments.choice(line) { return .chosen(choice) }
                problem = language.pick(
                    "Please type a number from 1 to \(segments.choices.count).", "Escribe un número del 1 al \(segments.choices.count).")
            case .endOfInput:
                if !interactive { return .cancelled }
            case .interrupted, .invalid:
                return .cancelled
            }
        }
    }

    /// Clears the screen and the terminal's scrollback, so the next person cannot scroll back to
    /// the previous answer.
    static let clearScreen = "\u{1B}[H\u{1B}[2J\u{1B}[3J"

    func clear() {
        output.write(clearsScreen ? Self.clearScreen : "\n")
    }

    /// A pass-the-keyboard round: each participant sees only the question, at a reader of their own
    /// (no history, no kill buffer from anyone before them); after Enter they see that the answer was
    /// saved, then the screen and scrollback are cleared. Only the facilitator's close word ends the
    /// round, typed at any of its prompts. Nothing typed in the round is echoed, from the close word
    /// to the last Enter: a close word typed at a participant's prompt would otherwise stay on the
    /// screen the next participant sees.
    func passRound(pulse number: Int) -> Outcome? {
        guard let pulse = live.state.pulses.first(where: { $0.number == number }) else { return nil }
        // A script's notices wait for the round's end: the round's screens are the participants'.
        let piped = reader as? PipedLineReader
        let notices = piped?.whileWaiting
        piped?.whileWaiting = nil
        defer { piped?.whileWaiting = notices }
        return reader.withoutEcho { passRound(pulse) }
    }

    func passRound(_ pulse: PulseState) -> Outcome? {
        let number = pulse.number
        show([
            .dim(
                "Choose a close word for this round. It is not shown as you type, participants will not see it, and typing it at any prompt of the round (an answer, a choice, the next person's Enter) ends it."
            )
        ])
        var closeWord = ""
        while closeWord.isEmpty {
            switch reader.readSecret(prompt: "close word> ") {
            case .line(let word):
                closeWord = word.trimmingCharacters(in: .whitespaces)
                if closeWord.hasPrefix("/") || closeWord.count < 3 {
                    show([OutputLine("Pick a word of three or more letters that does not start with /.", .warning)])
                    closeWord = ""
                }
            case .endOfInput, .invalid:
                if !interactive { return .failed(.badInput) }
                show([.dim("Round cancelled.")])
                return nil
            case .interrupted:
                show([.dim("Round cancelled.")])
                return nil
            }
        }
        var given = 0
        var problem: String?
        // "/pass" typed at the answer prompt, in a row (the facilitator's way out).
        var passTyped = 0
        // The participants' screens are in the group's language; the facilitator's lines stay English.
        let language = live.state.context.language
        // A segmented pulse asks each person's segment first; it is kept only with their answer.
        var segment: String?
        while true {
            if let segments = pulse.question.segments, segment == nil {
                switch segmentChoice(segments, language: language, closeWord: closeWord) {
                case .chosen(let choice): segment = choice
                case .closed:
                    return closeRound(given: given, pulse: number)
                case .cancelled:
                    if !interactive {
                        clear()
                        return .failed(.badInput)
                    }
                    continue
                }
            }
            clear()
            var screen: [OutputLine] = [
                .heading(language.pick("Anonymous question", "Pregunta anónima")),
                OutputLine("“\(TerminalText.sanitize(pulse.question.text(in: language)))”", .emphasis),
                .dim(language.pick("Answer with ", "Responde con ") + pulse.question.answerHint(in: language) + "."),
                .dim(
                    language.pick(
                        "Press Enter when done. The screen is cleared after every answer; nobody sees what you typed.",
                        "Pulsa Enter al terminar. La pantalla se borra después de cada respuesta; nadie ve lo que escribiste.")),
            ]
            if let problem { screen.append(OutputLine(problem, .warning)) }
            show(screen)
            // A fresh reader for each person: nothing typed or deleted before can be recalled.
            let participant = reader.participantReader()
            switch participant.readSecret(prompt: language.pick("your answer> ", "tu respuesta> ")) {
            case .endOfInput:
                // Ctrl-D from a participant does not end the round; the end of a script does.
                if !interactive {
                    clear()
                    return .failed(.badInput)
                }
                problem = nil
                continue
            case .interrupted, .invalid:
                // Ctrl-C starts over for whoever holds the keyboard, segment question included.
                problem = nil
                segment = nil
                continue
            case .line(let line):
                if line.trimmingCharacters(in: .whitespaces) == closeWord { return closeRound(given: given, pulse: number) }
                // The facilitator's way out when the close word is forgotten: /pass twice in a row,
                // then yes. A participant would have to mean it three times over.
                if line.trimmingCharacters(in: .whitespaces) == "/pass" {
                    passTyped += 1
                    if passTyped >= 2 {
                        passTyped = 0
                        if case .line(let yes) = reader.participantReader().readSecret(
                            prompt: "End this round without the close word? Type yes to end it> "),
                            yes.trimmingCharacters(in: .whitespaces).lowercased() == "yes"
                        {
                            return closeRound(given: given, pulse: number)
                        }
                        problem = nil
                        continue
                    }
                } else {
                    passTyped = 0
                }
                var answer: PulseAnswer
                do {
                    answer = try PulseAnswer.parse(line, for: pulse.question, in: language)
                } catch {
                    problem = language.pick("That answer could not be read: ", "No se pudo leer esa respuesta: ") + error.description + "."
                    continue
                }
                answer.segment = segment
                do {
                    try live.submit(answer, pulse: number)
                } catch  where error.failureKind == .badInput {
                    // A full room ends the round for everyone still holding the keyboard; any other
                    // refusal is about this answer, so it is said and asked again.
                    if case .full = Admission.decide(answer, pulse: number, in: live.state) {
                        problem = language.pick(
                            "Not saved: everyone present has answered. Please hand the keyboard back to the facilitator.",
                            "No se guardó: ya respondieron todas las personas presentes. Devuelve el teclado a quien facilita.")
                    } else {
                        problem = language.pick("That answer was not saved: ", "Esa respuesta no se guardó: ") + error.description + "."
                        segment = nil
                    }
                    continue
                } catch {
                    clear()
                    fail(error.description)
                    return .failed(error.failureKind)
                }
                given += 1
                problem = nil
                segment = nil
                clear()
                show([
                    OutputLine(
                        language.pick(
                            "Saved, anonymously. Thank you: please pass the keyboard on.",
                            "Guardada, de forma anónima. Gracias: pasa el teclado a la siguiente persona."), .success)
                ])
                if interactive {
                    // The next person presses Enter: the thank-you is seen, then cleared before the
                    // question. The facilitator may end the round here too.
                    let next = reader.participantReader().readSecret(
                        prompt: language.pick("next person: press Enter> ", "siguiente persona: pulsa Enter> "))
                    if case .line(let line) = next, line.trimmingCharacters(in: .whitespaces) == closeWord {
                        return closeRound(given: given, pulse: number)
                    }
                }
            }
        }
    }
}
