import ConveneCore

/// The loop both REPL screens run, the home screen and a session: read a line at the screen's
/// prompt, hand it to the screen, and end as it says. A line that is not text ends a script; at a
/// terminal the screen goes on.
public enum ReplLoop {
    public enum Outcome: Equatable, Sendable {
        /// The session ended or the facilitator left; exit 0.
        case done
        /// A bad line in piped mode; exit 2.
        case badInput
        /// The store could not keep or read a step; exit 1.
        case storeFailed
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
                if !interactive { return .badInput }
            case .line(let line):
                if let outcome = try handle(line) { return outcome }
            }
        }
    }
}
