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

    public private(set) var state: SessionState
    let facilitator: Facilitator
    let persist: ([SessionEvent]) throws -> Void
    let reader: LineReading
    let output: OutputSink
    let styler: Styler
    let interactive: Bool
    let clock: () -> Date

    public init(
        facilitator: Facilitator, state: SessionState, persist: @escaping ([SessionEvent]) throws -> Void,
        reader: LineReading, output: OutputSink, styler: Styler, interactive: Bool, clock: @escaping () -> Date = Date.init
    ) {
        self.facilitator = facilitator
        self.state = state
        self.persist = persist
        self.reader = reader
        self.output = output
        self.styler = styler
        self.interactive = interactive
        self.clock = clock
    }

    public func show(_ lines: [OutputLine]) {
        output.write(styler.render(lines))
    }

    func fail(_ message: String) {
        output.writeError(styler.paint("convene: " + TerminalText.sanitize(message, singleLine: true), .error) + "\n")
    }

    public var prompt: String { Prompt.text(for: state, now: clock()) }

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
                let step: Step
                do {
                    step = try facilitator.step(state, command, at: clock())
                } catch {
                    fail(error.description)
                    if !interactive { return .badInput }
                    continue
                }
                do {
                    try persist(step.events)
                } catch {
                    // Nothing is acknowledged that was not stored: the state stays as it was.
                    fail("\(error)")
                    return .storeFailed
                }
                state = step.state
                show(step.output)
                if step.leave { return .done }
            }
        }
    }
}
