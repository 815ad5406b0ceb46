import ConveneCore

/// The loop both REPL screens run, the home screen and a session: read a line at the screen's
/// prompt, hand it to the screen, and end as it says. A line that is not text ends a script; at a
/// terminal the screen goes on.
public enum ReplLoop {
    public enum Outcome: Equatable, Sendable {
        /// The session ended or the facilitator left; exit 0.
        case done
        /// A piped REPL stopped on an error it showed: a bad line (exit 2) or a store, disk or
        /// server that failed (exit 1), as the error's kind says.
        case failed(FailureKind)
    }

    public static func run(
        reader: LineReading, interactive: Bool, prompt: () -> String, fail: (String) -> Void,
        beforeRead: () -> Void = {}, atEnd: () -> Void, handle: (String) throws -> Outcome?
    ) rethrows -> Outcome {
        while true {
            beforeRead()
            let input = reader.readLine(prompt: prompt())
            reader.isPrivate = false
            switch input {
            case .endOfInput:
                atEnd()
                return .done
            case .interrupted:
                continue
            case .invalid(let message):
                fail(message)
                if !interactive { return .failed(.badInput) }
            case .line(let line):
                if let outcome = try handle(line) { return outcome }
            }
        }
    }
}
